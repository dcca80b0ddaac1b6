// The built SPA shell (dist/web/index.html, through the ASSETS binding) with a page's own head
// and status. The app's client-side meta (useDocumentMeta) takes over once it runs.
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { headTags, type PageHead } from './head'
import { criticalCss, markupTokens } from './critical-css'
import { stylesheet } from './inline-css'
import type { RenderedPage } from './ssr-contract'

/** The SPA's answer for this request, as the static assets give it with no Worker in front. */
export const plainShell = (c: Context<AppEnv>) => c.env.ASSETS.fetch(c.req.raw)

/**
 * index.html with the head's tags in place of its generic title and description, and with the
 * server-rendered page, when there is one, inside `#root` (replacing the first-paint shell) beside
 * the data it was drawn from. Without a build (an empty dist/web) the assets' own answer is
 * passed on as it is.
 */
export async function shellWithHead(
  c: Context<AppEnv>,
  head: PageHead,
  headers?: HeadersInit,
  page?: RenderedPage & { nonce: string },
) {
  // '/', not '/index.html', which the assets' html_handling redirects
  const asset = await c.env.ASSETS.fetch(
    new Request(new URL('/', c.req.url), { headers: { accept: 'text/html' } }),
  )
  if (!asset.ok || !(asset.headers.get('content-type') ?? '').startsWith('text/html')) return asset
  const out = new Headers(asset.headers)
  // the body changes: the asset's validators and length describe another one
  out.delete('etag')
  out.delete('content-length')
  out.set('cache-control', 'no-cache')
  for (const [name, value] of new Headers(headers)) out.set(name, value)
  const csp = out.get('content-security-policy')
  // the page's data scripts run by this response's nonce, beside the shell's hashed scripts
  if (page && csp)
    out.set(
      'content-security-policy',
      csp.replace(/script-src [^;]*/, (directive) => `${directive} 'nonce-${page.nonce}'`),
    )
  const rewriter = new HTMLRewriter()
    .on('head > title', {
      element(el) {
        el.remove()
      },
    })
    .on('head > meta[name="description"]', {
      element(el) {
        el.remove()
      },
    })
    .on('head', {
      element(el) {
        el.append(headTags(head), { html: true })
      },
    })
  let deferredStylesheet: string | undefined
  if (page) {
    rewriter
      .on('head', {
        element(el) {
          el.append(page.head, { html: true })
        },
      })
      .on('#root', {
        element(el) {
          el.setAttribute('data-ssr', '')
          el.setInnerContent(page.html, { html: true })
        },
      })
      // the page is here: no early API request (its data is above), no "needs JavaScript" notice
      .on('script#early-fetch', {
        element(el) {
          el.remove()
        },
      })
      .on('body > noscript', {
        element(el) {
          el.remove()
        },
      })
      // the stylesheet's rules this page's markup needs, inline: the page paints from this
      // response alone; the whole stylesheet follows at the end of the body, for what the page
      // draws later (a menu, a dialog), without holding up the first paint
      .on('head > link[rel="stylesheet"]', {
        async element(el) {
          const href = el.getAttribute('href') ?? ''
          const css = await stylesheet(c, href)
          if (css === undefined) return
          if (!css.blocks) {
            el.replace(`<style>${css.text}</style>`, { html: true })
            return
          }
          const critical = criticalCss(css.blocks, markupTokens(page.html))
          el.replace(`<style>${critical}</style>`, { html: true })
          deferredStylesheet = href
        },
      })
      .on('body', {
        element(el) {
          el.onEndTag((end) => {
            if (deferredStylesheet)
              end.before(`<link rel="stylesheet" href="${deferredStylesheet}">`, { html: true })
          })
        },
      })
  }
  const rewritten = rewriter.transform(new Response(asset.body, asset))
  return new Response(rewritten.body, { status: head.status, headers: out })
}
