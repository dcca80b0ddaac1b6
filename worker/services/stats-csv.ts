import type { ModelStatsResponse } from '../api-types'

/** A CSV field: quoted when it holds a separator, a quote or a line break (RFC 4180). */
function field(value: string | number) {
  const text = String(value)
  // a leading = + - @ would be a formula to a spreadsheet: neutralised with a quote mark
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * A model's usage as CSV (RFC 4180, CRLF lines): one row per day with downloads, unique
 * downloaders and votes, then one column of downloads per variation.
 */
export function statsCsv(stats: ModelStatsResponse) {
  const header = [
    'day',
    'downloads',
    'unique_downloaders',
    'votes',
    ...stats.variations.map((v) => `downloads ${v.frameworkSlug}/${v.slug}`),
  ]
  const rows = stats.daily.map((d, i) => [
    d.day,
    d.downloads,
    d.uniqueDownloaders,
    d.votes,
    ...stats.variations.map((v) => v.daily[i] ?? 0),
  ])
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n'
}
