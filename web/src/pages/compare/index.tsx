import { useParams, useSearchParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import type {
  ApiModelVersion,
  VersionDiffFile,
  VersionDiffResponse,
} from '../../../../worker/api-types'
import { modelQueries, type VariationRef } from '../../api/models'
import { pullQueries } from '../../api/pull-through'
import { Breadcrumb } from '../../components/breadcrumb'
import { QueryBoundary } from '../../components/query-boundary'
import { useDocumentTitle } from '../../lib/document-title'
import { formatBytes, plural, shortHash } from '../../lib/format'
import { modelPath } from '../../lib/paths'

const changeLabels: Record<VersionDiffFile['change'], string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
}

/** Two versions of a variation, from the URL or else the latest and the one before it. */
function chosenVersions(
  versions: ApiModelVersion[],
  search: { from?: string; to?: string },
): { from: number; to: number } | undefined {
  const numbers = versions.map((v) => v.versionNumber) // newest first
  const pick = (value: string | undefined) =>
    value && numbers.includes(Number(value)) ? Number(value) : undefined
  const to = pick(search.to) ?? numbers[0]
  if (to === undefined) return undefined
  const older = numbers.find((n) => n < to) ?? to
  return { from: pick(search.from) ?? older, to }
}

/** `/models/:owner/:model/:framework/:variation/compare?from=&to=`: what changed between versions. */
export default function ComparePage() {
  const params = useParams<{ owner: string; model: string; framework: string; variation: string }>()
  const [search, setSearch] = useSearchParams<{ from?: string; to?: string }>()
  const ref = (): VariationRef => ({
    owner: params.owner,
    model: params.model,
    framework: params.framework,
    variation: params.variation,
  })
  const handle = () => `${params.owner}/${params.model}/${params.framework}/${params.variation}`
  const versions = useQuery(() => modelQueries.versions(ref()))
  const chosen = () =>
    versions.isSuccess ? chosenVersions(versions.data.versions, search) : undefined
  const diff = useQuery(() => {
    const pair = chosen()
    return {
      ...pullQueries.diff(ref(), pair?.from ?? 0, pair?.to ?? 0),
      enabled: pair !== undefined,
    }
  })
  useDocumentTitle(() => {
    const pair = chosen()
    return pair ? `${handle()}: version ${pair.from} → ${pair.to}` : `Compare ${handle()}`
  })

  const variationHref = (version?: number) => modelPath({ ...params, model: params.model, version })
  const choose = (side: 'from' | 'to', value: string) => {
    const pair = chosen()
    if (!pair) return
    setSearch({ ...pair, [side]: value })
  }

  return (
    <div class="page compare-page">
      <Breadcrumb
        crumbs={[
          {
            label: `${params.owner}/${params.model}`,
            href: modelPath({ owner: params.owner, model: params.model }),
          },
          { label: `${params.framework}/${params.variation}`, href: variationHref() },
        ]}
      />
      <h1>Compare versions</h1>
      <QueryBoundary query={versions}>
        {(data) => (
          <Show
            when={data().versions.length > 1 && chosen()}
            fallback={<p class="muted">This variation has a single version: nothing to compare.</p>}
          >
            {(pair) => (
              <>
                <form class="compare-pick" onSubmit={(e) => e.preventDefault()}>
                  <For each={['from', 'to'] as const}>
                    {(side) => (
                      <label>
                        {side === 'from' ? 'From version' : 'To version'}
                        <select
                          value={String(pair()[side])}
                          onChange={(e) => choose(side, e.currentTarget.value)}
                        >
                          <For each={data().versions}>
                            {(v) => (
                              <option value={String(v.versionNumber)}>
                                {v.versionNumber} · {plural(v.fileCount, 'file')},{' '}
                                {formatBytes(v.totalBytes)}
                              </option>
                            )}
                          </For>
                        </select>
                      </label>
                    )}
                  </For>
                  <button
                    type="button"
                    class="button"
                    onClick={() => setSearch({ from: pair().to, to: pair().from })}
                  >
                    Swap
                  </button>
                </form>
                <QueryBoundary query={diff}>
                  {(answer) => {
                    const ready = () => {
                      const a = answer()
                      return a.state === 'ready' ? a.data : undefined
                    }
                    return (
                      <Show
                        when={ready()}
                        fallback={
                          <p class="loading" role="status">
                            Fetching the versions' files from TF Hub…
                          </p>
                        }
                      >
                        {(result) => <DiffTable diff={result()} versionHref={variationHref} />}
                      </Show>
                    )
                  }}
                </QueryBoundary>
              </>
            )}
          </Show>
        )}
      </QueryBoundary>
    </div>
  )
}

/** The summary line, then every added, removed and changed file with its sizes. */
function DiffTable(props: { diff: VersionDiffResponse; versionHref: (n: number) => string }) {
  const summary = () => props.diff.summary
  const delta = () => {
    const bytes = summary().bytesDelta
    return bytes === 0 ? 'same size' : `${bytes > 0 ? '+' : '−'}${formatBytes(Math.abs(bytes))}`
  }
  return (
    <section class="compare-result" aria-label="Changes">
      <p class="compare-summary">
        <a href={props.versionHref(props.diff.from.versionNumber)}>
          Version {props.diff.from.versionNumber}
        </a>{' '}
        ({plural(props.diff.from.fileCount, 'file')}, {formatBytes(props.diff.from.totalBytes)}) →{' '}
        <a href={props.versionHref(props.diff.to.versionNumber)}>
          version {props.diff.to.versionNumber}
        </a>{' '}
        ({plural(props.diff.to.fileCount, 'file')}, {formatBytes(props.diff.to.totalBytes)}):{' '}
        <strong>{summary().added} added</strong>, <strong>{summary().removed} removed</strong>,{' '}
        <strong>{summary().changed} changed</strong>, {summary().unchanged} unchanged; {delta()}.
      </p>
      <Show
        when={props.diff.files.length > 0}
        fallback={<p class="muted">The two versions have the same files, byte for byte.</p>}
      >
        <div class="table-scroll">
          <table class="compare diff-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Change</th>
                <th scope="col" class="num">
                  Before
                </th>
                <th scope="col" class="num">
                  After
                </th>
                <th scope="col" class="diff-hash">
                  sha256
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={props.diff.files}>
                {(file) => (
                  <tr class={`diff-${file.change}`}>
                    <th scope="row" class="file-name">
                      {file.path}
                    </th>
                    <td>
                      <span class={`badge diff-badge diff-badge-${file.change}`}>
                        {changeLabels[file.change]}
                      </span>
                    </td>
                    <td class="num">
                      {file.fromSize === undefined ? '—' : formatBytes(file.fromSize)}
                    </td>
                    <td class="num">
                      {file.toSize === undefined ? '—' : formatBytes(file.toSize)}
                    </td>
                    <td class="diff-hash">
                      <code title={file.toSha256 ?? file.fromSha256}>
                        {file.fromSha256 ? shortHash(file.fromSha256) : '—'} →{' '}
                        {file.toSha256 ? shortHash(file.toSha256) : '—'}
                      </code>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  )
}
