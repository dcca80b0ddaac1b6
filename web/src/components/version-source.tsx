import { Show } from 'solid-js'
import type { ApiModelVersion } from '../../../worker/api-types'
import type { PullProgress } from '../api/pull-through'
import { safeHref } from '../lib/safe-href'
import { PullProgressBar } from './pull-progress'

const formatLabels: Record<string, string> = {
  hub: 'TF1 Hub module',
  saved_model: 'TF1 SavedModel',
  saved_model_2: 'TF2 SavedModel',
  lite: 'TFLite',
  tfjs: 'TF.js',
  coral: 'Coral (Edge TPU)',
}

/**
 * For a version without stored files: where it came from, so the user can still get it, and with
 * `onFetch` a button that has Modelport fetch the files from there; while `fetching`, how far
 * that is (`progress`, from the last poll).
 */
export function VersionSource(props: {
  version: ApiModelVersion
  onFetch?: () => void
  fetching?: boolean
  progress?: PullProgress
  error?: string
}) {
  const source = () => props.version.source
  const assetUrl = () => {
    const path = source()?.assetPath
    return safeHref(path)
  }
  return (
    <div class="notice version-source">
      <p class="notice-title">Files for this version are not stored on Modelport yet.</p>
      <Show when={props.onFetch}>
        {(fetch) => (
          <div class="fetch-files">
            <Show
              when={props.fetching}
              fallback={
                <>
                  <button type="button" class="button button-primary" onClick={() => fetch()()}>
                    Fetch the files from TF Hub
                  </button>
                  <span class="muted">Modelport keeps a copy, so the next download is direct.</span>
                </>
              }
            >
              <PullProgressBar progress={props.progress} />
            </Show>
            <Show when={props.error}>
              {(message) => (
                <p class="notice notice-error" role="alert">
                  {message()}
                </p>
              )}
            </Show>
          </div>
        )}
      </Show>
      <Show
        when={source()}
        fallback={<p>There is no record of where this version's files can be found.</p>}
      >
        {(src) => (
          <dl class="facts">
            <dt>Source</dt>
            <dd>
              <Show when={safeHref(src().url)} fallback={<code>{src().handle}</code>}>
                {(url) => (
                  <a href={url()} target="_blank" rel="noopener noreferrer">
                    {url()}
                  </a>
                )}
              </Show>
            </dd>
            <Show when={src().format}>
              {(format) => (
                <>
                  <dt>Format</dt>
                  <dd>{formatLabels[format()] ?? format()}</dd>
                </>
              )}
            </Show>
            <Show when={src().assetPath}>
              {(path) => (
                <>
                  <dt>Asset</dt>
                  <dd>
                    <Show
                      when={assetUrl()}
                      fallback={
                        path() === 'legacy' || path() === 'internal' ? (
                          'Hosted by Google; TF Hub gives no public download link.'
                        ) : (
                          <code>{path()}</code>
                        )
                      }
                    >
                      {(url) => (
                        <a href={url()} target="_blank" rel="noopener noreferrer">
                          {url()}
                        </a>
                      )}
                    </Show>
                  </dd>
                </>
              )}
            </Show>
            <Show when={safeHref(src().colabUrl) || safeHref(src().demoUrl)}>
              <dt>Try it</dt>
              <dd class="inline-links">
                <Show when={safeHref(src().colabUrl)}>
                  {(url) => (
                    <a href={url()} target="_blank" rel="noopener noreferrer">
                      Open in Colab
                    </a>
                  )}
                </Show>
                <Show when={safeHref(src().demoUrl)}>
                  {(url) => (
                    <a href={url()} target="_blank" rel="noopener noreferrer">
                      Demo
                    </a>
                  )}
                </Show>
              </dd>
            </Show>
          </dl>
        )}
      </Show>
    </div>
  )
}
