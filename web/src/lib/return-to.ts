/**
 * `path` when it is a path on this site ('/models/x'), else '/': a `?returnTo=` from the URL is
 * attacker-chosen, so '//evil.example', '/\evil.example' and 'https://…' never leave the site.
 */
export function safeReturnTo(path: string | string[] | null | undefined) {
  const value = Array.isArray(path) ? path[0] : path
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/'
  try {
    const url = new URL(value, 'https://modelport.invalid')
    if (url.origin !== 'https://modelport.invalid') return '/'
    return `${url.pathname}${url.search}${url.hash}`
  } catch {
    return '/'
  }
}
