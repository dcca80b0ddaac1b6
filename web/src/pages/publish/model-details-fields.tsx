import { createSignal } from 'solid-js'
import type { ApiPublishingOptions } from '../../../../worker/api-types'
import { Field } from '../../components/form-field'
import { LicencePicker } from '../../components/licence-picker'
import { MarkdownEditor } from '../../components/markdown-editor'
import { TagPicker } from '../../components/tag-picker'

export interface ModelDetails {
  title: string
  subtitle: string
  card: string
  licence: string
  tags: string[]
  isPrivate: boolean
}

/** The editable details of a model as signals, for the New model and Edit model forms. */
export function createModelDetails(initial: ModelDetails) {
  const [title, setTitle] = createSignal(initial.title)
  const [subtitle, setSubtitle] = createSignal(initial.subtitle)
  const [card, setCard] = createSignal(initial.card)
  const [licence, setLicence] = createSignal(initial.licence)
  const [tags, setTags] = createSignal(initial.tags)
  const [isPrivate, setPrivate] = createSignal(initial.isPrivate)
  return {
    title,
    setTitle,
    subtitle,
    setSubtitle,
    card,
    setCard,
    licence,
    setLicence,
    tags,
    setTags,
    isPrivate,
    setPrivate,
  }
}

export type ModelDetailsState = ReturnType<typeof createModelDetails>

/** The subtitle, card with preview, licence with its rights, tags and visibility. */
export function ModelDetailsFields(props: {
  details: ModelDetailsState
  options: ApiPublishingOptions
  /** who besides the owner sees a private model */
  privateTo: string
}) {
  const d = props.details
  return (
    <>
      <Field
        label="Subtitle"
        name="subtitle"
        maxLength={200}
        value={d.subtitle()}
        onInput={(e) => d.setSubtitle(e.currentTarget.value)}
      />
      <MarkdownEditor
        label="Model card"
        value={d.card()}
        onInput={d.setCard}
        maxLength={50_000}
        rows={10}
      />
      <LicencePicker
        licences={props.options.licenses}
        value={d.licence()}
        onChange={d.setLicence}
      />
      <TagPicker tags={props.options.tags} value={d.tags()} onChange={d.setTags} />
      <fieldset class="field visibility">
        <legend>Visibility</legend>
        <label>
          <input
            type="radio"
            name="visibility"
            checked={d.isPrivate()}
            onChange={() => d.setPrivate(true)}
          />{' '}
          Private: only {props.privateTo}
        </label>
        <label>
          <input
            type="radio"
            name="visibility"
            checked={!d.isPrivate()}
            onChange={() => d.setPrivate(false)}
          />{' '}
          Public: anyone can find and download it
        </label>
      </fieldset>
    </>
  )
}
