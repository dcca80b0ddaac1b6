// Loaded on demand by the usage panel: uPlot (about 20 kB gzip with its CSS), the smallest
// maintained time-series chart we found; it draws to a canvas and sizes to its box.
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { ApiUsageDay } from '../../../worker/api-types'

const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000

/** Draws daily downloads as bars into `el`; returns the chart so the caller can resize or drop it. */
export function drawUsageChart(
  el: HTMLElement,
  daily: ApiUsageDay[],
  width: number,
  height: number,
) {
  const accent = getComputedStyle(el).getPropertyValue('--accent').trim() || '#1f5eff'
  const data: uPlot.AlignedData = [daily.map((d) => dayStart(d.day)), daily.map((d) => d.downloads)]
  const max = Math.max(1, ...daily.map((d) => d.downloads))
  return new uPlot(
    {
      width,
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      legend: { show: false },
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: [0, Math.ceil(max * 1.15)] } },
      axes: [
        {
          stroke: '#5b6470',
          grid: { show: false },
          ticks: { show: false },
          font: '11px system-ui',
        },
        {
          stroke: '#5b6470',
          size: 34,
          grid: { stroke: '#eceff3' },
          ticks: { show: false },
          font: '11px system-ui',
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10_000],
          values: (_u, splits) => splits.map((v) => (v >= 1000 ? `${v / 1000}k` : String(v))),
        },
      ],
      series: [
        {},
        {
          label: 'Downloads',
          stroke: accent,
          fill: `${accent}cc`,
          width: 0,
          paths: uPlot.paths.bars!({ size: [0.8, 12] }),
          points: { show: false },
        },
      ],
    },
    data,
    el,
  )
}
