import { safeHref } from './safe-href'

/** An image or link address from the API, which may be a site path ('/api/v1/avatars/…'), made
 * absolute and then checked like any other (safeHref). */
export function safeSiteHref(url: string | undefined) {
  if (!url) return undefined
  try {
    return safeHref(new URL(url, window.location.origin).href)
  } catch {
    return undefined
  }
}
