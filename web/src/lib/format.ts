// Numbers, dates and relative times are written by hand, as Intl's English formatters write them
// (test/web/format.test.tsx checks both against Intl): a page's first Intl formatter loads the
// locale data, 20 ms of its first render in chromium here, and the compact notation's first
// use another 20–55 ms.

const compactUnits = ['', 'K', 'M', 'B', 'T']

/** 1234 → '1.2K', as Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }) */
export function formatCount(n: number): string {
  if (n < 0) return `-${formatCount(-n)}`
  // tenths of the unit, from n * 10 (exact for counts) so that halves round up as Intl's do
  const tenths = (unit: number) => Math.round((n * 10) / 1000 ** unit)
  let unit = 0
  while (unit < compactUnits.length - 1 && tenths(unit) >= 10000) unit++
  const t = tenths(unit)
  return `${t % 10 ? (t / 10).toFixed(1) : t / 10}${compactUnits[unit]}`
}

/** 1234 → '1,234', as Intl.NumberFormat('en') (at most three decimals) */
export function formatNumber(n: number) {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '-∞'
  const [whole, decimals] = String(Math.round(Math.abs(n) * 1000) / 1000).split('.')
  const grouped = whole!.replace(/\B(?=(\d{3})+$)/g, ',')
  return `${n < 0 && (whole !== '0' || decimals) ? '-' : ''}${grouped}${decimals ? `.${decimals}` : ''}`
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

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** 'Nov 27, 2026' (local time), as Intl.DateTimeFormat('en', { dateStyle: 'medium' }) */
export function formatDate(iso: string) {
  const date = new Date(iso)
  return Number.isNaN(date.getTime())
    ? ''
    : `${months[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}`
}

const steps: [unit: 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute', seconds: number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** words for ±1 of a unit, as Intl.RelativeTimeFormat('en', { numeric: 'auto' }) has them */
const adjacent: Partial<Record<(typeof steps)[number][0], [past: string, future: string]>> = {
  year: ['last year', 'next year'],
  month: ['last month', 'next month'],
  week: ['last week', 'next week'],
  day: ['yesterday', 'tomorrow'],
}

/** '3 months ago', 'yesterday', 'in 2 days'; 'just now' under a minute. */
export function formatRelative(iso: string, now = Date.now()) {
  const seconds = (new Date(iso).getTime() - now) / 1000
  if (Number.isNaN(seconds)) return ''
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) < size) continue
    const n = Math.round(seconds / size)
    const word = adjacent[unit]?.[n < 0 ? 0 : 1]
    if (Math.abs(n) === 1 && word) return word
    const amount = `${formatNumber(Math.abs(n))} ${unit}${Math.abs(n) === 1 ? '' : 's'}`
    return n < 0 ? `${amount} ago` : `in ${amount}`
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
