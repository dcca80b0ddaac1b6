import { For, Show } from 'solid-js'
import { formatBytes, plural } from '../../lib/format'
import { loadSaved, pathOfKey } from '../../lib/upload/saved-uploads'
import type { UploadQueue } from '../../lib/upload/upload-queue'
import { DropZone } from './drop-zone'
import { UploadRow } from './upload-row'

/**
 * The upload panel of a version: what to upload, each file's progress, the total, and pause,
 * resume and cancel. Uploads left unfinished by a reload are named, to be picked again.
 */
export function Uploader(props: { queue: UploadQueue; draft: string }) {
  const q = props.queue
  const unfinished = () => {
    const listed = new Set(q.items.map((i) => i.key))
    return Object.keys(loadSaved(props.draft))
      .filter((k) => !listed.has(k))
      .map(pathOfKey)
  }
  const working = () => q.items.some((i) => i.state !== 'done')
  return (
    <section class="uploader" aria-label="Files">
      <Show when={unfinished().length}>
        <p class="notice" role="status">
          {plural(unfinished().length, 'upload')} left unfinished ({unfinished().join(', ')}). Pick
          the same files or folder again to resume where they stopped.
        </p>
      </Show>
      <DropZone onPick={(files) => q.add(files)} />
      <Show when={q.items.length}>
        <div class="upload-total">
          <p role="status">
            {q.total().done} of {plural(q.total().files, 'file')} uploaded ·{' '}
            {formatBytes(q.total().stored)} of {formatBytes(q.total().size)}
          </p>
          <progress
            max={Math.max(q.total().size, 1)}
            value={q.total().stored}
            aria-label="Total uploaded"
          />
          <div class="upload-actions">
            <Show
              when={q.paused() || q.items.some((i) => i.state === 'failed')}
              fallback={
                <button
                  type="button"
                  class="button"
                  disabled={!working()}
                  onClick={() => q.pause()}
                >
                  Pause
                </button>
              }
            >
              <button type="button" class="button button-primary" onClick={() => q.resume()}>
                Resume
              </button>
            </Show>
            <button type="button" class="button" onClick={() => q.cancelAll()}>
              Cancel all
            </button>
          </div>
        </div>
        <ul class="upload-list">
          <For each={q.items}>
            {(item) => <UploadRow item={item} onRemove={() => q.cancel(item.key)} />}
          </For>
        </ul>
      </Show>
    </section>
  )
}
