import { useParams } from '@solidjs/router'
import { createVersion } from '../../api/publishing'
import { Field } from '../../components/form-field'
import { Uploader } from '../../components/upload/uploader'
import { useDocumentMeta } from '../../lib/document-title'
import { modelPath } from '../../lib/paths'
import { draftField } from '../../lib/upload/saved-uploads'
import { createUploadQueue } from '../../lib/upload/upload-queue'
import { PublishButton } from './publish-button'
import { SignedIn } from './signed-in'

/** The next version of a variation: notes and its files (a version is a full replacement). */
export default function NewVersionPage() {
  const params = useParams()
  const variation = () => `${params.owner}/${params.model}/${params.framework}/${params.variation}`
  useDocumentMeta(() => ({ title: `New version of ${variation()}` }))
  return (
    <div class="page publish-page">
      <h1>New version</h1>
      <p class="muted">
        of{' '}
        <a
          href={modelPath({
            owner: params.owner!,
            model: params.model!,
            framework: params.framework,
            variation: params.variation,
          })}
        >
          {variation()}
        </a>
        . A version holds exactly the files uploaded here.
      </p>
      <SignedIn>{() => <VersionForm variation={variation()} />}</SignedIn>
    </div>
  )
}

function VersionForm(props: { variation: string }) {
  const draft = `${props.variation}/new-version`
  const queue = createUploadQueue(draft)
  const [notes, setNotes] = draftField(draft, 'notes', '')
  const [owner, model, framework, variation] = props.variation.split('/') as [
    string,
    string,
    string,
    string,
  ]
  return (
    <div class="account-form publish-form">
      <Field
        label="Version notes"
        name="notes"
        multiline
        maxLength={20_000}
        value={notes()}
        onInput={(e) => setNotes(e.currentTarget.value)}
      />
      <Uploader queue={queue} draft={draft} />
      <PublishButton
        label="Publish version"
        queue={queue}
        draft={draft}
        create={(tree) => createVersion(props.variation, { versionNotes: notes(), ...tree })}
        to={() => modelPath({ owner, model, framework, variation })}
      />
    </div>
  )
}
