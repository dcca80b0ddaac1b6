import { safeHref } from './safe-href'

/** An image or link address from the API, which may be a site path ('/api/v1/avatars/…'), made
 * absolute and then checked like any other (safeHref). */
export function safeSiteHref(url: string | undefined) {
  if (!url) return undefined
  // a site path stays one: the server render does not know the browser's origin, and both must
  // write the same address
  if (/^\/(?![/\\])/.test(url)) return url
  try {
    return safeHref(new URL(url, window.location.origin).href)
  } catch {
    return undefined
  }
}
