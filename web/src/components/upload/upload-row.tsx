import { Show } from 'solid-js'
import { formatBytes, shortHash } from '../../lib/format'
import type { UploadItem } from '../../lib/upload/upload-queue'

const stateWords: Record<UploadItem['state'], string> = {
  waiting: 'Waiting',
  uploading: 'Uploading',
  paused: 'Paused',
  verifying: 'Checking sha256',
  done: 'Uploaded',
  failed: 'Failed',
}

/** One file: its path, a bar of the bytes the server holds, how far hashing is, and Remove. */
export function UploadRow(props: { item: UploadItem; onRemove: () => void }) {
  const percent = () =>
    props.item.size ? Math.floor((props.item.stored / props.item.size) * 100) : 100
  return (
    <li class="upload-row" data-state={props.item.state}>
      <div class="upload-row-head">
        <span class="upload-path">{props.item.path}</span>
        <span class="muted upload-size">{formatBytes(props.item.size)}</span>
        <button
          type="button"
          class="button button-small"
          aria-label={`Remove ${props.item.path}`}
          onClick={() => props.onRemove()}
        >
          Remove
        </button>
      </div>
      <progress
        max={Math.max(props.item.size, 1)}
        value={props.item.size ? props.item.stored : 1}
        aria-label={`${props.item.path} uploaded`}
        aria-valuetext={`${percent()}%`}
      />
      <p class="upload-row-status muted">
        <span>
          {stateWords[props.item.state]} · {percent()}%
        </span>
        <Show when={(props.item.resumedFrom ?? 0) > 0}>
          <span> · resumed at {formatBytes(props.item.resumedFrom!)}</span>
        </Show>
        <Show
          when={props.item.sha256}
          fallback={
            <Show when={props.item.state !== 'waiting' && props.item.size}>
              <span> · hashed {Math.floor((props.item.hashed / props.item.size) * 100)}%</span>
            </Show>
          }
        >
          <span title={props.item.sha256}> · sha256 {shortHash(props.item.sha256!)}</span>
        </Show>
      </p>
      <Show when={props.item.error}>
        <p class="field-error">{props.item.error}</p>
      </Show>
    </li>
  )
}
