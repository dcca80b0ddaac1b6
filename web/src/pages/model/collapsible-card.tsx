import { createSignal, Show } from 'solid-js'
import { isServer } from 'solid-js/web'
import { Markdown } from '../../components/markdown'

/**
 * A long card starts folded to a fixed height (CSS, so nothing moves), with a button to unfold
 * it; the variations and files below stay a short scroll away.
 */
export function CollapsibleCard(props: { source: string }) {
  // Judged from the source rather than measured: measuring the rendered card would force a
  // layout before the first paint.
  const long = () => props.source.length > 2400 || props.source.split('\n').length > 45
  // a link to a section of the card opens it whole
  const [open, setOpen] = createSignal(!isServer && window.location.hash.length > 1)
  return (
    <>
      <div id="model-card-body" classList={{ 'card-fold': true, folded: long() && !open() }}>
        <Markdown source={props.source} class="model-card-body" />
      </div>
      <Show when={long()}>
        <button
          type="button"
          class="button card-toggle"
          aria-expanded={open()}
          aria-controls="model-card-body"
          onClick={() => setOpen(!open())}
        >
          {open() ? 'Show less of the card' : 'Show the whole card'}
        </button>
      </Show>
    </>
  )
}
