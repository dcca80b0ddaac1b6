// The one HTML sanitizer of untrusted markdown output (model cards, variation usage), for the
// browser and the Worker's server rendering alike: js-xss needs no DOM, so both produce the same
// HTML and the server's markup hydrates unchanged (docs/ssr.md, "The card on the server").
import xss, { type IWhiteList } from 'xss'

// xss is CommonJS: its functions hang off the module object, which only a default import reaches
// alike in Vite's browser build, the SSR build and workerd (its typings declare the function alone)
const { escapeAttrValue, FilterXSS, friendlyAttrValue } = xss as unknown as typeof import('xss')

/** Prefix put on every id and name in a card, so a card cannot clobber the page's own ids. */
export const idPrefix = 'user-content-'

const common = ['id', 'class', 'title', 'lang', 'dir', 'aria-label', 'aria-hidden']
const tags = (
  'h1 h2 h3 h4 h5 h6 p div span br hr blockquote pre code kbd samp var em strong b i u s del ins ' +
  'mark small sub sup abbr cite q dfn ul ol li dl dt dd table thead tbody tfoot tr caption ' +
  'colgroup details summary figure figcaption section article aside header footer nav center ' +
  'picture time wbr'
).split(' ')
const whiteList: IWhiteList = Object.fromEntries(tags.map((t) => [t, common]))
whiteList.a = [...common, 'href', 'name']
whiteList.img = [...common, 'src', 'alt', 'width', 'height', 'align']
whiteList.th = whiteList.td = [...common, 'colspan', 'rowspan', 'align']
whiteList.col = [...common, 'span', 'width']
whiteList.ol = [...common, 'start', 'reversed', 'type']
whiteList.details = [...common, 'open']
whiteList.div = whiteList.p = [...common, 'align']

/** Elements dropped with everything inside them; any other unlisted tag is dropped, its text kept. */
const dropWithContent = (
  'script style iframe noscript template textarea select option svg math title xmp noembed ' +
  'noframes plaintext object embed'
).split(' ')

const voidTags = new Set(['br', 'hr', 'img', 'col', 'wbr'])

/** A URL's scheme as the browser would read it (entities decoded, blanks and controls dropped). */
function scheme(value: string) {
  // eslint-disable-next-line no-control-regex
  const plain = friendlyAttrValue(value).replace(/[\u0000-\u0020\u007f-\u00a0]/g, '')
  return /^([a-z][a-z0-9+.-]*):/i.exec(plain)?.[1]?.toLowerCase()
}

function urlAttr(tag: string, value: string) {
  const s = scheme(value)
  const ok =
    s === undefined ||
    s === 'http' ||
    s === 'https' ||
    (tag === 'a' && (s === 'mailto' || s === 'tel')) ||
    // inline images, which the CSP's img-src allows; never a data: link
    (tag === 'img' && s === 'data' && /^data:image\/(png|gif|jpe?g|webp);/i.test(value.trim()))
  return ok ? value : undefined
}

const filter = new FilterXSS({
  whiteList,
  stripIgnoreTag: true,
  stripIgnoreTagBody: dropWithContent,
  allowCommentTag: false,
  css: false,
  onTagAttr(tag, name, value, isWhite) {
    if (!isWhite) return ''
    const raw = friendlyAttrValue(value)
    if (name === 'href' || name === 'src') {
      const safe = urlAttr(tag, raw)
      return safe === undefined ? '' : `${name}="${escapeAttrValue(safe)}"`
    }
    if (name === 'id' || name === 'name') return `${name}="${escapeAttrValue(idPrefix + raw)}"`
    return `${name}="${escapeAttrValue(raw)}"`
  },
})

const attrPattern = /\s([a-z-]+)(?:="([^"]*)")?/g

/** Adds the link and image attributes of the policy to a sanitized opening tag. */
function withPolicy(tag: string, attrs: string) {
  const extra: string[] = []
  if (tag === 'a') {
    const href = [...attrs.matchAll(attrPattern)].find((m) => m[1] === 'href')?.[2]
    if (href !== undefined && !href.startsWith('#')) {
      const relative = scheme(href) === undefined && !/^\s*[/\\]{2}/.test(href)
      if (!relative) extra.push('target="_blank"', 'rel="noopener noreferrer nofollow ugc"')
      else if (/^\s*\/api\//.test(href)) extra.push('rel="external"')
    }
  } else if (tag === 'img') {
    extra.push('loading="lazy"', 'decoding="async"', 'referrerpolicy="no-referrer"')
  }
  return `<${tag}${attrs}${extra.map((a) => ` ${a}`).join('')}>`
}

/**
 * Keeps only matched closing tags and closes what is left open, so a card's markup cannot close
 * or reopen the page's elements around it when it is part of a server-rendered document.
 */
function balanced(html: string) {
  const open: string[] = []
  const out = html.replace(/<(\/?)([a-z][a-z0-9]*)([^>]*)>/gi, (_m, close, name, rest) => {
    const tag = String(name).toLowerCase()
    const attrs = String(rest).replace(/\s*\/$/, '')
    if (!close) {
      if (!voidTags.has(tag)) open.push(tag)
      return withPolicy(tag, attrs)
    }
    const at = open.lastIndexOf(tag)
    if (at < 0) return ''
    const closed = open.splice(at).reverse()
    return closed.map((t) => `</${t}>`).join('')
  })
  return (
    out +
    open
      .reverse()
      .map((t) => `</${t}>`)
      .join('')
  )
}

/**
 * Sanitizes rendered markdown: no scripts, styles, frames, forms or form controls, no event,
 * style or autofocus attributes, no javascript:/data: links; ids and names prefixed with
 * `user-content-`; links to other sites open in a new tab without opener, referrer or
 * endorsement; same-site /api/ links are left to the browser (rel=external); images load lazily
 * without a referrer. A link counts as same-site when it is relative: the server does not know the
 * browser's origin, and both must give the same answer.
 */
export function sanitizeHtml(html: string) {
  return balanced(filter.process(html))
}
