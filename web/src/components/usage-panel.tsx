import { useQuery } from '@tanstack/solid-query'
import { createEffect, createSignal, onCleanup, onMount, Show } from 'solid-js'
import type { ApiUsageDay } from '../../../worker/api-types'
import { modelActivityQueries } from '../api/stats'
import { formatDate, formatNumber, plural } from '../lib/format'

const days = 90
const chartHeight = 120

/** Downloads per day over the last 90 days as a bar chart, with the totals and votes in words. */
export function UsagePanel(props: { owner: string; model: string }) {
  // a side panel: asked for once the page's main content is in, not competing with it
  const [idle, setIdle] = createSignal(false)
  onMount(() => void whenIdle().then(() => setIdle(true)))
  const stats = useQuery(() => ({
    ...modelActivityQueries.stats(props.owner, props.model, days),
    enabled: idle(),
  }))
  // read only once loaded: reading `data` earlier would suspend the whole page on these figures
  const data = () => (stats.isSuccess ? stats.data : undefined)
  const peak = () => {
    const daily = data()?.daily ?? []
    return daily.reduce<ApiUsageDay | undefined>(
      (best, d) => (d.downloads > (best?.downloads ?? 0) ? d : best),
      undefined,
    )
  }
  return (
    <section class="usage-panel" aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage</h2>
      <Show when={stats.isError}>
        <p class="muted">Usage figures could not be loaded.</p>
      </Show>
      <Show when={!stats.isError}>
        <p class="usage-summary">
          <Show when={data()} fallback={<span class="skeleton skeleton-line" />}>
            {(s) => (
              <>
                <strong>{formatNumber(s().downloadsInRange)}</strong>{' '}
                {s().downloadsInRange === 1 ? 'download' : 'downloads'} in the last {days} days ·{' '}
                {plural(s().downloadCount, 'download')} all time · {plural(s().voteCount, 'vote')}
              </>
            )}
          </Show>
        </p>
        <figure class="usage-chart" style={{ height: `${chartHeight}px` }}>
          <Show when={data()}>{(s) => <Chart daily={s().daily} />}</Show>
          <figcaption class="visually-hidden">
            <Show when={peak()} fallback="No downloads in the last 90 days.">
              {(p) =>
                `Downloads per day; the busiest day was ${formatDate(p().day)} with ${plural(p().downloads, 'download')}.`
              }
            </Show>
          </figcaption>
        </figure>
      </Show>
    </section>
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
