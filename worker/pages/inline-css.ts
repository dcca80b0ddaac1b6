// The stylesheet of a server-rendered page, written into the page (docs/ssr.md, "First paint"):
// the page can paint from its first response, without a second round trip for index.css. The
// CSP's style-src allows inline styles already.
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { parseStylesheet, type CssBlock } from './critical-css'

interface Stylesheet {
  text: string
  /** its blocks, for the part a page needs; undefined when it could not be parsed */
  blocks?: CssBlock[]
}

/** By built file name: a hashed asset never changes, so each isolate reads it once. */
const styles = new Map<string, Promise<Stylesheet | undefined>>()

/** The built stylesheet at `href` (/assets/index-<hash>.css), or undefined when it cannot be read. */
export function stylesheet(c: Context<AppEnv>, href: string) {
  if (!isStylesheetHref(href)) return Promise.resolve(undefined)
  let css = styles.get(href)
  if (!css) {
    css = c.env.ASSETS.fetch(new Request(new URL(href, c.req.url)))
      .then(async (res) => {
        const text = res.ok ? await res.text() : undefined
        // a closing tag inside would end the element early; the build's CSS has none
        if (text === undefined || /<\/style/i.test(text)) return undefined
        return { text, blocks: parsed(text) }
      })
      .catch(() => undefined)
    styles.set(href, css)
    // a failed read is tried again by the next page
    void css.then((sheet) => sheet === undefined && styles.delete(href))
  }
  return css
}

/** Only a built asset's path: it is written into the page as it is. */
const isStylesheetHref = (href: string) => /^\/assets\/[\w.-]+\.css$/.test(href)

function parsed(text: string) {
  try {
    return parseStylesheet(text)
  } catch (err) {
    console.error('stylesheet not parsed, inlined whole:', err instanceof Error ? err.message : err)
    return undefined
  }
}
