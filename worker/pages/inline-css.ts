// The stylesheet of a server-rendered page, written into the page (docs/ssr.md, "First paint"):
// the page can paint from its first response, without a second round trip for index.css. The
// CSP's style-src allows inline styles already.
import type { Context } from 'hono'
import type { AppEnv } from '../env'

/** By built file name: a hashed asset never changes, so each isolate reads it once. */
const styles = new Map<string, Promise<string | undefined>>()

/** The built stylesheet at `href` (/assets/index-<hash>.css), or undefined when it cannot be read. */
export function stylesheet(c: Context<AppEnv>, href: string) {
  if (!/^\/assets\/[\w.-]+\.css$/.test(href)) return Promise.resolve(undefined)
  let css = styles.get(href)
  if (!css) {
    css = c.env.ASSETS.fetch(new Request(new URL(href, c.req.url)))
      .then(async (res) => {
        const text = res.ok ? await res.text() : undefined
        // a closing tag inside would end the element early; the build's CSS has none
        return text && !/<\/style/i.test(text) ? text : undefined
      })
      .catch(() => undefined)
    styles.set(href, css)
    // a failed read is tried again by the next page
    void css.then((text) => text === undefined && styles.delete(href))
  }
  return css
}
