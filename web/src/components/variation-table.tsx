import { createMemo, createSignal, For } from 'solid-js'
import type { ApiModel, ApiModelInstance } from '../../../worker/api-types'
import { formatBytes, formatCount } from '../lib/format'
import { frameworkLabel } from '../../../worker/vocabulary'
import { modelPath } from '../lib/paths'

type SortKey = 'variation' | 'framework' | 'size' | 'version' | 'downloads'

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
  const instances = () => props.model.instances ?? []
  const sorted = createMemo(() => {
    const { key, desc } = sort()
    const value = (i: ApiModelInstance): string | number =>
      key === 'variation'
        ? i.slug
        : key === 'framework'
          ? `${frameworkLabel(i.frameworkSlug)} ${i.slug}`
          : key === 'size'
            ? i.totalUncompressedBytes
            : key === 'version'
              ? i.versionNumber
              : i.downloadCount
    return [...instances()].sort((a, b) => {
      const [x, y] = [value(a), value(b)]
      const order = typeof x === 'number' ? x - (y as number) : x.localeCompare(y as string)
      return desc ? -order : order
    })
  })
  const licence = (i: ApiModelInstance) => i.licenseName ?? props.model.license?.label ?? '—'
  const fineTunable = (i: ApiModelInstance) => {
    const value = i.fineTunable ?? props.model.fineTunable
    return value === undefined ? '—' : value ? 'Yes' : 'No'
  }

  return (
    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="compare-heading">
      <table class="compare">
        <thead>
          <tr>
            <For each={columns}>
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
                <td class="num">{formatCount(i.downloadCount)}</td>
                <td>{fineTunable(i)}</td>
                <td>{licence(i)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  )
}
