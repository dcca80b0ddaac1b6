import { Show } from 'solid-js'
import type { PullProgress } from '../api/pull-through'
import { formatBytes } from '../lib/format'

/**
 * How far Modelport's fetch of a version's files from TF Hub is: "1.2 MB of 4.7 MB" and a bar,
 * which has no value (indeterminate) until the fetch knows the asset's size.
 */
export function PullProgressBar(props: { progress?: PullProgress }) {
  const received = () => props.progress?.receivedBytes ?? 0
  const total = () => props.progress?.totalBytes ?? null
  const amount = () => {
    const of = total()
    if (of) return `${formatBytes(Math.min(received(), of))} of ${formatBytes(of)}`
    if (received()) return formatBytes(received())
    return props.progress?.status === 'queued' ? 'waiting to start' : ''
  }
  const label = 'Files fetched from TF Hub'
  return (
    <div class="pull-progress">
      <p role="status">
        Fetching the files from TF Hub… <span class="muted">{amount()}</span>
      </p>
      <Show when={total()} fallback={<progress aria-label={label} />}>
        {(of) => (
          <progress
            aria-label={label}
            aria-valuetext={amount()}
            max={of()}
            value={Math.min(received(), of())}
          />
        )}
      </Show>
    </div>
  )
}
