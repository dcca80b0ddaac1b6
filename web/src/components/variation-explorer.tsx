import { useNavigate } from '@solidjs/router'
import { For, Show } from 'solid-js'
import type { ApiModelInstance, ApiModelVersion } from '../../../worker/api-types'
import { formatBytes, formatDate } from '../lib/format'
import { frameworkLabel } from '../../../worker/vocabulary'
import { modelPath } from '../lib/paths'
import { frameworksOf, type Selection } from '../lib/selection'

/**
 * Framework tabs and the selected framework's variations, as links to
 * `/models/:owner/:model/:framework/:variation`, so every choice is a shareable URL.
 */
export function VariationNav(props: {
  owner: string
  model: string
  instances: ApiModelInstance[]
  selection: Selection
}) {
  const frameworks = () => frameworksOf(props.instances)
  const ofFramework = (framework?: string) =>
    props.instances.filter((i) => i.frameworkSlug === framework)
  const selectedLabel = () => frameworkLabel(props.selection.framework ?? '')

  return (
    <>
      <nav class="framework-tabs" aria-label="Frameworks">
        <ul role="list">
          <For each={frameworks()}>
            {(framework) => (
              <li>
                <a
                  href={modelPath({
                    owner: props.owner,
                    model: props.model,
                    framework,
                    variation: ofFramework(framework)[0]?.slug,
                  })}
                  noScroll
                  aria-current={framework === props.selection.framework ? 'page' : undefined}
                >
                  {frameworkLabel(framework)}
                  <span class="count" aria-hidden="true">
                    {ofFramework(framework).length}
                  </span>
                </a>
              </li>
            )}
          </For>
        </ul>
      </nav>
      <Show when={ofFramework(props.selection.framework).length > 0}>
        <nav class="variation-list" aria-label={`${selectedLabel()} variations`}>
          <ul role="list">
            <For each={ofFramework(props.selection.framework)}>
              {(instance) => (
                <li>
                  <a
                    href={modelPath({
                      owner: props.owner,
                      model: props.model,
                      framework: instance.frameworkSlug,
                      variation: instance.slug,
                    })}
                    noScroll
                    aria-current={instance.id === props.selection.instance?.id ? 'page' : undefined}
                  >
                    <span class="variation-slug">{instance.slug}</span>
                    <span class="variation-meta">
                      {instance.versionCount === 1
                        ? '1 version'
                        : `${instance.versionCount} versions`}
                      <Show when={instance.totalUncompressedBytes > 0}>
                        {' · '}
                        {formatBytes(instance.totalUncompressedBytes)}
                      </Show>
                    </span>
                  </a>
                </li>
              )}
            </For>
          </ul>
        </nav>
      </Show>
    </>
  )
}

/** Picks a version of one variation; choosing one navigates to its URL. */
export function VersionSelect(props: {
  owner: string
  model: string
  instance: ApiModelInstance
  versions: ApiModelVersion[]
  selected?: number
}) {
  const navigate = useNavigate()
  const latest = () => props.versions[0]?.versionNumber ?? props.instance.versionNumber
  const label = (v: ApiModelVersion) => {
    const latestNote = v.versionNumber === latest() ? ' (latest)' : ''
    return `Version ${v.versionNumber}${latestNote} · ${formatDate(v.createTime)}`
  }

  return (
    <label class="version-select">
      <span>Version</span>
      <select
        value={props.selected ?? ''}
        disabled={props.versions.length === 0}
        onChange={(e) =>
          navigate(
            modelPath({
              owner: props.owner,
              model: props.model,
              framework: props.instance.frameworkSlug,
              variation: props.instance.slug,
              version: e.currentTarget.value,
            }),
            { scroll: false },
          )
        }
      >
        <Show when={!props.versions.some((v) => v.versionNumber === props.selected)}>
          <option value={props.selected ?? ''} disabled selected>
            Version {props.selected}
          </option>
        </Show>
        <For each={props.versions}>
          {(v) => (
            <option value={v.versionNumber} selected={v.versionNumber === props.selected}>
              {label(v)}
            </option>
          )}
        </For>
      </select>
    </label>
  )
}
