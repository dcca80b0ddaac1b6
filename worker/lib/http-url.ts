/**
 * `value` when it is an absolute http(s) URL, else null. Upstream data names links (Colab,
 * demo, icon URLs) that the SPA renders as href and src: anything else (javascript:, data:,
 * relative paths) is dropped at import. Parsed as browsers parse it, so what passes here is what
 * a browser would open.
 */
export function httpUrl(value: string | null | undefined) {
  if (!value) return null
  try {
    const { protocol } = new URL(value)
    return protocol === 'https:' || protocol === 'http:' ? value : null
  } catch {
    return null
  }
}
