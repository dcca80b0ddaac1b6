import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import type { ApiModelDetail, ApiModelInstance } from '../../../../worker/api-types'
import { tagTypeLabels } from '../../../../worker/vocabulary'
import { modelQueries, type VariationRef } from '../../api/models'
import { CopyButton } from '../../components/copy-button'
import { Markdown } from '../../components/markdown'
import { QueryBoundary } from '../../components/query-boundary'
import { safeHref } from '../../lib/safe-href'
import { VersionSelect } from '../../components/variation-explorer'
import { modelPath } from '../../lib/paths'
import { NewNotebookButton } from './new-notebook-button'
import { VersionDetails } from './version-details'

/**
 * The selected variation: its overview, own tags and TF Hub source, its handle, version picker,
 * the version's details, and its usage.
 */
export function VariationPanel(props: {
  model: ApiModelDetail
  instance: ApiModelInstance
  version?: number
}) {
  const ref = (): VariationRef => ({
    owner: props.model.ownerSlug,
    model: props.model.slug,
    framework: props.instance.frameworkSlug,
    variation: props.instance.slug,
  })
  const versions = useQuery(() => modelQueries.versions(ref()))
  const overview = () => {
    const text = props.instance.overview.trim()
    return text !== props.model.subtitle.trim() ? text : ''
  }
  const usage = () => {
    const text = props.instance.usage.trim()
    // TF Hub's base variation reuses the model card as its usage; do not show it twice.
    return text !== props.model.description.trim() ? text : ''
  }

  return (
    <div class="variation-panel">
      <div class="variation-heading">
        <h3>{props.instance.slug}</h3>
        <Show when={overview()}>
          <p class="muted">{overview()}</p>
        </Show>
        <Show when={props.instance.tags?.length}>
          <ul class="chips" role="list" aria-label="Variation tags">
            <For each={props.instance.tags}>
              {(tag) => (
                <li
                  class={`chip chip-${tag.type.replace('_', '-')}`}
                  title={tagTypeLabels[tag.type]}
                >
                  {tag.name}
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={props.instance.tfhubSource}>
          {(source) => (
            <p class="muted variation-source">
              From TF Hub:{' '}
              <Show when={safeHref(source().url)} fallback={<code>{source().handle}</code>}>
                {(href) => (
                  <a href={href()} rel="noopener noreferrer" target="_blank">
                    <code>{source().handle}</code>
                  </a>
                )}
              </Show>
            </p>
          )}
        </Show>
      </div>
      <QueryBoundary query={versions}>
        {(data) => {
          // Versions come newest first; a URL without a version means the latest.
          const selected = () => props.version ?? data().versions[0]?.versionNumber
          const version = () => data().versions.find((v) => v.versionNumber === selected())
          const handle = () => `${props.instance.handle}/${selected() ?? ''}`
          return (
            <>
              <div class="handle">
                <code>{handle()}</code>
                <CopyButton text={handle()} label="Copy handle" />
                <NewNotebookButton
                  input={{ ...ref(), version: selected() ?? 'latest' }}
                  title={`${props.model.title} notebook`}
                />
              </div>
              <VersionSelect
                owner={props.model.ownerSlug}
                model={props.model.slug}
                instance={props.instance}
                versions={data().versions}
                selected={selected()}
              />
              <Show when={data().versions.length > 1 && selected()}>
                {(to) => (
                  <a
                    class="compare-link"
                    href={`${modelPath({ owner: ref().owner, model: ref().model, framework: ref().framework, variation: ref().variation })}/compare?to=${to()}`}
                  >
                    Compare versions
                  </a>
                )}
              </Show>
              <Show
                when={version()}
                fallback={
                  <div class="notice notice-warning" role="alert">
                    <Show when={selected()} fallback="This variation has no versions yet.">
                      Version {selected()} of this variation does not exist.
                    </Show>
                  </div>
                }
              >
                {(v) => (
                  <VersionDetails variation={ref()} version={v()} handle={props.instance.handle} />
                )}
              </Show>
            </>
          )
        }}
      </QueryBoundary>
      <Show when={usage()}>
        <details class="usage" open={usage().length < 2000}>
          <summary>Usage</summary>
          <Markdown source={usage()} />
        </details>
      </Show>
    </div>
  )
}
