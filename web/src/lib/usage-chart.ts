// Loaded on demand by the usage panel: uPlot (about 20 kB gzip with its CSS), the smallest
// maintained time-series chart we found; it draws to a canvas and sizes to its box.
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { ApiUsageDay } from '../../../worker/api-types'

const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000

const colour = (el: HTMLElement, name: string, fallback: string) =>
  getComputedStyle(el).getPropertyValue(name).trim() || fallback

const axis = (extra: uPlot.Axis = {}): uPlot.Axis => ({
  stroke: '#5b6470',
  ticks: { show: false },
  font: '11px system-ui',
  ...extra,
})

/**
 * Draws daily downloads as bars, unique downloaders as a line over them and votes as a line on
 * their own scale into `el`; returns the chart so the caller can resize or drop it.
 */
export function drawUsageChart(
  el: HTMLElement,
  daily: ApiUsageDay[],
  width: number,
  height: number,
) {
  const accent = colour(el, '--accent', '#1f5eff')
  const unique = colour(el, '--usage-unique', '#0b2f80')
  const votes = colour(el, '--usage-votes', '#d9480f')
  const data: uPlot.AlignedData = [
    daily.map((d) => dayStart(d.day)),
    daily.map((d) => d.downloads),
    daily.map((d) => d.uniqueDownloaders),
    daily.map((d) => d.votes),
  ]
  const max = Math.max(1, ...daily.map((d) => d.downloads))
  const maxVotes = Math.max(1, ...daily.map((d) => d.votes))
  const countSteps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10_000, 50_000, 100_000]
  return new uPlot(
    {
      width,
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      legend: { show: false },
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: { range: [0, Math.ceil(max * 1.15)] },
        votes: { range: [0, Math.ceil(maxVotes * 1.15)] },
      },
      axes: [
        axis({ grid: { show: false } }),
        axis({
          size: 34,
          grid: { stroke: '#eceff3' },
          incrs: countSteps,
          values: (_u, splits) => splits.map((v) => (v >= 1000 ? `${v / 1000}k` : String(v))),
        }),
        axis({ scale: 'votes', side: 1, size: 24, grid: { show: false }, incrs: countSteps }),
      ],
      series: [
        {},
        {
          label: 'Downloads',
          stroke: accent,
          fill: `${accent}99`,
          width: 0,
          paths: uPlot.paths.bars!({ size: [0.8, 12] }),
          points: { show: false },
        },
        { label: 'Unique downloaders', stroke: unique, width: 1.5, points: { show: false } },
        {
          label: 'Votes',
          scale: 'votes',
          stroke: votes,
          width: 1.5,
          dash: [4, 3],
          points: { show: false },
        },
      ],
    },
    data,
    el,
  )
}
