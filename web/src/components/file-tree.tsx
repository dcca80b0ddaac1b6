import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js'
import type { ApiModelFile } from '../../../worker/api-types'
import { buildFileTree, visibleRows, type FolderNode } from '../lib/file-tree'
import { formatBytes, formatNumber, plural, shortHash } from '../lib/format'

/** A file's short sha256; a click copies the whole digest, to check a download against. */
function HashButton(props: { hash: string; name: string }) {
  const [copied, setCopied] = createSignal(false)
  return (
    <button
      type="button"
      class="hash-button"
      aria-label={`Copy the sha256 of ${props.name}`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(props.hash)
          setCopied(true)
          setTimeout(() => setCopied(false), 1500)
        } catch {
          // clipboard refused: the full digest is still in the title
        }
      }}
    >
      <code title={props.hash}>{shortHash(props.hash)}</code>
      <span class="hash-copied" aria-live="polite">
        {copied() ? 'copied' : ''}
      </span>
    </button>
  )
}

/**
 * The files of one version as a folder tree, each file with its size, sha256 and download link,
 * plus the whole-version archive. Folders start open when there are few files.
 */
export function FileTree(props: {
  files: ApiModelFile[]
  totalResults: number
  totalBytes: number
  archiveUrl?: string
  archiveSize?: number
  hasMore?: boolean
  loadingMore?: boolean
  onLoadMore?: () => void
}) {
  const tree = createMemo(() => buildFileTree(props.files))
  const [toggled, setToggled] = createSignal(new Set<string>())
  const openByDefault = () => props.files.length <= 50
  const isOpen = (path: string) => toggled().has(path) !== openByDefault()
  const toggle = (path: string) => {
    const next = new Set(toggled())
    if (!next.delete(path)) next.add(path)
    setToggled(next)
  }
  const rows = createMemo(() => visibleRows(tree(), isOpen))

  return (
    <div class="file-list">
      <div class="file-list-head">
        <p>
          {plural(props.totalResults, 'file')} · {formatBytes(props.totalBytes)}
        </p>
        <Show when={props.archiveUrl}>
          {(url) => (
            <a class="button button-primary" href={url()} download="" rel="external">
              Download all (tar.gz
              <Show when={props.archiveSize}>{(size) => `, ${formatBytes(size())}`}</Show>)
            </a>
          )}
        </Show>
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="num">
              Size
            </th>
            <th scope="col">
              <span class="visually-hidden">Download</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {(node) => (
              <tr classList={{ folder: node.kind === 'folder' }}>
                <Switch>
                  <Match when={node.kind === 'folder' && (node as FolderNode)}>
                    {(folder) => (
                      <>
                        <td style={{ 'padding-left': `${0.5 + folder().depth * 1.25}rem` }}>
                          <button
                            type="button"
                            class="folder-toggle"
                            aria-expanded={isOpen(folder().path)}
                            onClick={() => toggle(folder().path)}
                          >
                            <span class="folder-caret" aria-hidden="true" />
                            <span class="file-name">{folder().name}/</span>
                          </button>
                          <span class="file-hash">{plural(folder().fileCount, 'file')}</span>
                        </td>
                        <td class="num" title={`${formatNumber(folder().size)} bytes`}>
                          {formatBytes(folder().size)}
                        </td>
                        <td />
                      </>
                    )}
                  </Match>
                  <Match when={node.kind === 'file' && node}>
                    {(n) => {
                      const file = () => (n() as { file: ApiModelFile }).file
                      return (
                        <>
                          <td style={{ 'padding-left': `${0.5 + n().depth * 1.25}rem` }}>
                            <span class="file-name">{n().name}</span>
                            <span class="file-hash">
                              sha256 <HashButton hash={file().sha256} name={file().name} />
                            </span>
                          </td>
                          <td class="num" title={`${formatNumber(file().size)} bytes`}>
                            {formatBytes(file().size)}
                          </td>
                          <td class="file-action">
                            <a
                              class="button button-small"
                              href={file().url}
                              download={n().name}
                              rel="external"
                              aria-label={`Download ${file().name}`}
                            >
                              Download
                            </a>
                          </td>
                        </>
                      )
                    }}
                  </Match>
                </Switch>
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
