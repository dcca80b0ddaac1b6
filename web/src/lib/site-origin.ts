import { createContext, useContext } from 'solid-js'
import { isServer } from 'solid-js/web'

/** The site's origin; a server render provides the request's (web/src/entry-server.tsx). */
export const SiteOrigin = createContext<string>()

/** This site's origin, the same on the server and in the browser, so markup hydrates unchanged. */
export function useSiteOrigin() {
  return useContext(SiteOrigin) ?? (isServer ? '' : window.location.origin)
}
