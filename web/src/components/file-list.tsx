import { For, Show } from 'solid-js'
import type { ApiModelFile } from '../../../worker/api-types'
import { formatBytes, formatNumber, plural, shortHash } from '../lib/format'

/** The files of one version, each with its download link, plus the whole-version archive. */
export function FileList(props: {
  files: ApiModelFile[]
  totalResults: number
  totalBytes: number
  archiveUrl?: string
  archiveSize?: number
  hasMore?: boolean
  loadingMore?: boolean
  onLoadMore?: () => void
}) {
  return (
    <div class="file-list">
      <div class="file-list-head">
        <p>
          {plural(props.totalResults, 'file')} · {formatBytes(props.totalBytes)}
        </p>
        <Show when={props.archiveUrl}>
          {(url) => (
            <a class="button button-primary" href={url()} download="">
              Download all (tar.gz
              <Show when={props.archiveSize}>{(size) => `, ${formatBytes(size())}`}</Show>)
            </a>
          )}
        </Show>
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" class="num">
              Size
            </th>
            <th scope="col">
              <span class="visually-hidden">Download</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.files}>
            {(file) => (
              <tr>
                <td>
                  <span class="file-name">{file.name}</span>
                  <span class="file-hash">
                    sha256 <code title={file.sha256}>{shortHash(file.sha256)}</code>
                  </span>
                </td>
                <td class="num" title={`${formatNumber(file.size)} bytes`}>
                  {formatBytes(file.size)}
                </td>
                <td class="file-action">
                  <a
                    class="button button-small"
                    href={file.url}
                    download={file.name.split('/').pop()}
                    aria-label={`Download ${file.name}`}
                  >
                    Download
                  </a>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={props.hasMore}>
        <div class="load-more">
          <p>
            Showing {formatNumber(props.files.length)} of {formatNumber(props.totalResults)} files
          </p>
          <button
            type="button"
            class="button"
            disabled={props.loadingMore}
            onClick={() => props.onLoadMore?.()}
          >
            {props.loadingMore ? 'Loading…' : 'Show more files'}
          </button>
        </div>
      </Show>
    </div>
  )
}
