import { useQuery } from '@tanstack/solid-query'
import { createEffect, createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import type { ApiUsageDay, ApiVariationUsage } from '../../../worker/api-types'
import { modelActivityQueries, modelStatsCsvUrl } from '../api/stats'
import { formatDate, formatNumber, plural } from '../lib/format'
import { frameworkLabel } from '../../../worker/vocabulary'

const ranges = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
] as const
const chartHeight = 120

/**
 * Usage over a chosen range: downloads per day as bars with unique downloaders and votes, the
 * totals in words, each variation's share, and the same series as CSV.
 */
export function UsagePanel(props: { owner: string; model: string }) {
  // a side panel: asked for once the page's main content is in, not competing with it
  const [idle, setIdle] = createSignal(false)
  onMount(() => void whenIdle().then(() => setIdle(true)))
  const [days, setDays] = createSignal<number>(90)
  const stats = useQuery(() => ({
    ...modelActivityQueries.stats(props.owner, props.model, days()),
    enabled: idle(),
    placeholderData: (previous) => previous,
  }))
  // read only once loaded: reading `data` earlier would suspend the whole page on these figures
  const data = () => (stats.isSuccess ? stats.data : undefined)
  const rangeLabel = () => ranges.find((r) => r.days === days())?.label ?? `${days()} days`
  const peak = () =>
    (data()?.daily ?? []).reduce<ApiUsageDay | undefined>(
      (best, d) => (d.downloads > (best?.downloads ?? 0) ? d : best),
      undefined,
    )
  return (
    <section class="usage-panel" aria-labelledby="usage-heading">
      <div class="usage-head">
        <h2 id="usage-heading">Usage</h2>
        <div class="usage-ranges" role="group" aria-label="Range">
          <For each={ranges}>
            {(range) => (
              <button
                type="button"
                classList={{ active: days() === range.days }}
                aria-pressed={days() === range.days}
                onClick={() => setDays(range.days)}
              >
                {range.label}
              </button>
            )}
          </For>
        </div>
      </div>
      <Show when={stats.isError}>
        <p class="muted">Usage figures could not be loaded.</p>
      </Show>
      <Show when={!stats.isError}>
        <p class="usage-summary" aria-live="polite">
          <Show when={data()} fallback={<span class="skeleton skeleton-line" />}>
            {(s) => (
              <>
                <strong>{formatNumber(s().downloadsInRange)}</strong>{' '}
                {s().downloadsInRange === 1 ? 'download' : 'downloads'} and{' '}
                {plural(s().votesInRange, 'vote')} in the last {rangeLabel()} ·{' '}
                {plural(s().downloadCount, 'download')} all time · {plural(s().voteCount, 'vote')}
              </>
            )}
          </Show>
        </p>
        <figure class="usage-chart">
          <div style={{ height: `${chartHeight}px` }}>
            <Show when={data()}>{(s) => <Chart daily={s().daily} />}</Show>
          </div>
          <figcaption>
            <span class="usage-key usage-key-downloads">Downloads</span>
            <span class="usage-key usage-key-unique">Unique downloaders</span>
            <span class="usage-key usage-key-votes">Votes</span>
            <span class="visually-hidden">
              <Show when={peak()} fallback={` No downloads in the last ${rangeLabel()}.`}>
                {(p) =>
                  ` Per day; the busiest day was ${formatDate(p().day)} with ${plural(p().downloads, 'download')}.`
                }
              </Show>
            </span>
          </figcaption>
        </figure>
        <Show when={data()?.variations.length}>
          <VariationShares variations={data()!.variations} total={data()!.downloadsInRange} />
        </Show>
        <Show when={data()}>
          {(s) => (
            <a
              class="usage-csv"
              href={modelStatsCsvUrl(props.owner, props.model, days())}
              download={`${props.owner}-${props.model}-usage-${s().from}-${s().to}.csv`}
            >
              Download CSV
            </a>
          )}
        </Show>
      </Show>
    </section>
  )
}

/** Each variation's downloads in the range, largest first, with its share as a bar. */
function VariationShares(props: { variations: ApiVariationUsage[]; total: number }) {
  return (
    <table class="usage-variations">
      <caption class="visually-hidden">Downloads per variation</caption>
      <thead>
        <tr>
          <th scope="col">Variation</th>
          <th scope="col">Downloads</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.variations}>
          {(v) => (
            <tr>
              <th scope="row">
                <span class="usage-variation-name">{v.slug}</span>
                <span class="muted"> · {frameworkLabel(v.frameworkSlug)}</span>
                <span
                  class="usage-share"
                  style={{
                    width: `${props.total ? (100 * v.downloadsInRange) / props.total : 0}%`,
                  }}
                />
              </th>
              <td>{formatNumber(v.downloadsInRange)}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  )
}

const whenIdle = () =>
  new Promise<void>((resolve) =>
    'requestIdleCallback' in window
      ? requestIdleCallback(() => resolve(), { timeout: 1500 })
      : setTimeout(resolve, 200),
  )

function Chart(props: { daily: ApiUsageDay[] }) {
  let box!: HTMLDivElement
  createEffect(() => {
    const daily = props.daily
    let chart:
      { destroy: () => void; setSize: (s: { width: number; height: number }) => void } | undefined
    let observer: ResizeObserver | undefined
    let cancelled = false
    void import('../lib/usage-chart').then(({ drawUsageChart }) => {
      if (cancelled || !box.isConnected) return
      chart = drawUsageChart(box, daily, box.clientWidth || 260, chartHeight)
      observer = new ResizeObserver(() =>
        chart?.setSize({ width: box.clientWidth, height: chartHeight }),
      )
      observer.observe(box)
    })
    onCleanup(() => {
      cancelled = true
      observer?.disconnect()
      chart?.destroy()
    })
  })
  return <div ref={box} class="usage-chart-canvas" aria-hidden="true" />
}
