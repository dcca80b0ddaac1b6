import { useSearchParams } from '@solidjs/router'
import { Show } from 'solid-js'
import { useDocumentMeta } from '../lib/document-title'
import { parseListState } from '../lib/list-state'
import { ModelListing } from '../components/model-listing'

export default function LandingPage() {
  const [params] = useSearchParams()
  const search = () => parseListState(params).q

  useDocumentMeta(() => ({
    title: search() ? `Search: ${search()}` : 'Models',
    description: search() ? `Pre-trained models matching “${search()}” on Modelport.` : undefined,
  }))

  return (
    <div class="page landing">
      <div class="landing-head">
        <h1>
          <Show when={search()} fallback="Models">
            Models matching “{search()}”
          </Show>
        </h1>
        <p class="landing-lead">
          Pre-trained models from TF Hub and the community: read the card, pick a framework and
          variation, download the files.
        </p>
      </div>
      <ModelListing />
    </div>
  )
}
