import { Marked, type Tokens } from 'marked'
import { sanitizeHtml } from './sanitize'

export { idPrefix } from './sanitize'

/** GitHub's heading slugs: lower case, punctuation dropped, spaces to '-'. */
function slugify(text: string) {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;')

// Slugs seen in the card being rendered, so repeated headings get -1, -2 as on GitHub.
let slugCounts = new Map<string, number>()

const marked = new Marked({
  gfm: true,
  renderer: {
    heading(token: Tokens.Heading) {
      const inner = this.parser.parseInline(token.tokens)
      const text = inner.replace(/<[^>]*>/g, '').replace(/&[#\w]+;/g, '')
      const base = slugify(text) || 'section'
      const n = slugCounts.get(base) ?? 0
      slugCounts.set(base, n + 1)
      const slug = n ? `${base}-${n}` : base
      // The id becomes user-content-<slug> in sanitizing; the link keeps the short #<slug>. The
      // link sits beside the heading, as on GitHub, so the heading's name stays its text.
      const label = escapeAttr(`Link to section: ${text}`)
      return `<div class="markdown-heading h${token.depth}"><h${token.depth} id="${escapeAttr(slug)}">${inner}</h${token.depth}><a class="heading-anchor" href="#${escapeAttr(slug)}" aria-label="${label}">#</a></div>\n`
    },
  },
})

/**
 * Renders untrusted markdown (model cards, variation usage) to HTML that is safe for innerHTML:
 * no scripts, styles, forms, event handlers or javascript: URLs; external links open in a new tab;
 * headings get ids (prefixed with `user-content-`) and a "#" link.
 */
export function renderMarkdown(source: string) {
  slugCounts = new Map()
  const html = marked.parse(source, { async: false })
  return sanitizeHtml(html)
}
