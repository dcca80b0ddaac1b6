/**
 * `url` when it is an absolute http(s) URL, else undefined: every link and image whose address
 * comes from data (upstream TF Hub files, users) goes through here, so a `javascript:` or `data:`
 * value renders as plain text, never as a link. The Worker drops them at import too
 * (worker/lib/http-url.ts); this is the second line.
 */
export function safeHref(url: string | null | undefined) {
  if (!url) return undefined
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:' ? url : undefined
  } catch {
    return undefined
  }
}
