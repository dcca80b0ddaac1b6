import { createMemo, createSignal, For, Show } from 'solid-js'
import type { ApiModel, ApiModelInstance } from '../../../worker/api-types'
import { formatBytes, formatCount, plural } from '../lib/format'
import { frameworkLabel } from '../../../worker/vocabulary'
import { modelPath } from '../lib/paths'

type SortKey = 'variation' | 'framework' | 'size' | 'version' | 'downloads'

// A variation's downloads are in the usage panel (GET /api/v1/stats/models/..., docs/usage.md),
// not in the model's detail; the column shows when the detail sends `downloadCount` on variations.
type Instance = ApiModelInstance & { downloadCount?: number }

const columns: { key: SortKey; label: string }[] = [
  { key: 'variation', label: 'Variation' },
  { key: 'framework', label: 'Framework' },
  { key: 'size', label: 'Size' },
  { key: 'version', label: 'Latest version' },
  { key: 'downloads', label: 'Downloads' },
]

/** Every framework × variation of a model side by side; column headers sort. */
export function VariationTable(props: { model: ApiModel; selectedId?: number }) {
  const [sort, setSort] = createSignal<{ key: SortKey; desc: boolean }>({
    key: 'framework',
    desc: false,
  })
  const instances = () => (props.model.instances ?? []) as Instance[]
  const hasDownloads = () => instances().some((i) => typeof i.downloadCount === 'number')
  const shownColumns = () => columns.filter((c) => c.key !== 'downloads' || hasDownloads())
  const sorted = createMemo(() => {
    const { key, desc } = sort()
    const value = (i: Instance): string | number =>
      key === 'variation'
        ? i.slug
        : key === 'framework'
          ? `${frameworkLabel(i.frameworkSlug)} ${i.slug}`
          : key === 'size'
            ? i.totalUncompressedBytes
            : key === 'version'
              ? i.versionNumber
              : (i.downloadCount ?? 0)
    return [...instances()].sort((a, b) => {
      const [x, y] = [value(a), value(b)]
      const order = typeof x === 'number' ? x - (y as number) : x.localeCompare(y as string)
      return desc ? -order : order
    })
  })
  const licence = (i: Instance) => i.licenseName ?? props.model.license?.label ?? '—'
  const fineTunable = (i: Instance) => {
    const value = i.fineTunable ?? props.model.fineTunable
    return value === undefined ? '—' : value ? 'Yes' : 'No'
  }

  return (
    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="compare-heading">
      <table class="compare">
        <thead>
          <tr>
            <For each={shownColumns()}>
              {(col) => (
                <th
                  scope="col"
                  aria-sort={
                    sort().key === col.key ? (sort().desc ? 'descending' : 'ascending') : undefined
                  }
                >
                  <button
                    type="button"
                    class="sort-button"
                    onClick={() =>
                      setSort((s) => ({ key: col.key, desc: s.key === col.key ? !s.desc : false }))
                    }
                  >
                    {col.label}
                    <span class="sort-mark" aria-hidden="true">
                      {sort().key === col.key ? (sort().desc ? '▼' : '▲') : ''}
                    </span>
                  </button>
                </th>
              )}
            </For>
            <th scope="col">Fine-tunable</th>
            <th scope="col">Licence</th>
          </tr>
        </thead>
        <tbody>
          <For each={sorted()}>
            {(i) => (
              <tr classList={{ selected: i.id === props.selectedId }}>
                <th scope="row">
                  <a
                    href={modelPath({
                      owner: props.model.ownerSlug,
                      model: props.model.slug,
                      framework: i.frameworkSlug,
                      variation: i.slug,
                    })}
                    noScroll
                    aria-current={i.id === props.selectedId ? 'true' : undefined}
                  >
                    {i.slug}
                  </a>
                </th>
                <td>{frameworkLabel(i.frameworkSlug)}</td>
                <td class="num">
                  {i.totalUncompressedBytes > 0 ? formatBytes(i.totalUncompressedBytes) : '—'}
                </td>
                <td class="num">
                  v{i.versionNumber}
                  <span class="muted"> of {i.versionCount}</span>
                </td>
                <Show when={hasDownloads()}>
                  <td class="num">{formatCount(i.downloadCount ?? 0)}</td>
                </Show>
                <td>{fineTunable(i)}</td>
                <td>{licence(i)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={!hasDownloads()}>
        <p class="table-note">
          {plural(props.model.downloadCount, 'download')} in all; each variation's share is in the
          Usage panel.
        </p>
      </Show>
    </div>
  )
}
