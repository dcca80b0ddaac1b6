const whole = new Intl.NumberFormat('en')
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' })
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

const compactUnits = ['', 'K', 'M', 'B', 'T']

/**
 * 1234 → '1.2K', as Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })
 * writes it. By hand: that formatter's first construction loads compact-notation data, 20–55 ms
 * of a page's first render in chromium on this machine.
 */
export function formatCount(n: number): string {
  if (n < 0) return `-${formatCount(-n)}`
  // tenths of the unit, from n * 10 (exact for counts) so that halves round up as Intl's do
  const tenths = (unit: number) => Math.round((n * 10) / 1000 ** unit)
  let unit = 0
  while (unit < compactUnits.length - 1 && tenths(unit) >= 10000) unit++
  const t = tenths(unit)
  return `${t % 10 ? (t / 10).toFixed(1) : t / 10}${compactUnits[unit]}`
}

/** 1234 → '1,234' */
export function formatNumber(n: number) {
  return whole.format(n)
}

/** 4650216 → '4.7 MB' (SI units, as the labels say) */
export function formatBytes(bytes: number) {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 999.5 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

export function formatDate(iso: string) {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date)
}

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** '3 months ago'; falls back to 'just now' under a minute. */
export function formatRelative(iso: string, now = Date.now()) {
  const seconds = (new Date(iso).getTime() - now) / 1000
  if (Number.isNaN(seconds)) return ''
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  }
  return 'just now'
}

/** 'df8cbde44d00…fef22872e9' → 'df8cbde4…2872e9' */
export function shortHash(hash: string) {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-6)}` : hash
}

export function plural(n: number, one: string, many = `${one}s`) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`
}
