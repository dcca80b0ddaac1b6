import { For, Show } from 'solid-js'
import type { ApiModel } from '../../../worker/api-types'
import { licenceFlagLabels, type LicenceFlag } from '../../../worker/vocabulary'
import { formatDate } from '../lib/format'
import { safeHref } from '../lib/safe-href'

const rights = Object.entries(licenceFlagLabels).map(([key, label]) => ({
  key: key as LicenceFlag,
  label,
}))

/** The side panel of a model page: licence terms, source, dates. */
export function ModelAbout(props: { model: ApiModel }) {
  return (
    <aside class="model-about" aria-labelledby="about-heading">
      <h2 id="about-heading">About</h2>
      <dl class="facts">
        <Show when={props.model.license ?? props.model.licenseName}>
          <dt>Licence</dt>
          <dd>
            <Show when={props.model.license} fallback={props.model.licenseName}>
              {(license) => (
                <>
                  <Show when={safeHref(license().url)} fallback={license().label}>
                    {(url) => (
                      <a href={url()} target="_blank" rel="noopener noreferrer">
                        {license().label}
                      </a>
                    )}
                  </Show>
                  <ul class="rights" role="list" aria-label="Licence terms">
                    <For each={rights}>
                      {(right) => (
                        <li classList={{ yes: !!license()[right.key], no: !license()[right.key] }}>
                          <span aria-hidden="true">{license()[right.key] ? '✓' : '✗'}</span>{' '}
                          {right.label}
                          <span class="visually-hidden">
                            {license()[right.key] ? ': yes' : ': no'}
                          </span>
                        </li>
                      )}
                    </For>
                  </ul>
                </>
              )}
            </Show>
          </dd>
        </Show>
        <Show when={props.model.provenance === 'tfhub'}>
          <dt>Source</dt>
          <dd>
            <Show when={safeHref(props.model.sourceUrl)} fallback="TF Hub">
              {(url) => (
                <a href={url()} target="_blank" rel="noopener noreferrer">
                  {props.model.provenanceSources || url()}
                </a>
              )}
            </Show>
          </dd>
        </Show>
        <Show when={props.model.fineTunable !== undefined}>
          <dt>Fine-tunable</dt>
          <dd>{props.model.fineTunable ? 'Yes' : 'No'}</dd>
        </Show>
        <Show when={props.model.publishTime}>
          {(time) => (
            <>
              <dt>Published</dt>
              <dd>{formatDate(time())}</dd>
            </>
          )}
        </Show>
        <dt>Created</dt>
        <dd>{formatDate(props.model.createTime)}</dd>
        <dt>Updated</dt>
        <dd>{formatDate(props.model.updateTime)}</dd>
      </dl>
    </aside>
  )
}
