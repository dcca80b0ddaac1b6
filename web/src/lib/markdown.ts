import DOMPurify from 'dompurify'
import { Marked } from 'marked'

const marked = new Marked({ gfm: true })

// A private instance, so the link hook below does not leak into other users of DOMPurify.
const purify = DOMPurify(window)

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    const url = parseHref(node.getAttribute('href') ?? '')
    if (!url || url.origin !== window.location.origin) {
      node.setAttribute('target', '_blank')
      // Card authors are not us: no window.opener, no referrer, no endorsement for search engines.
      node.setAttribute('rel', 'noopener noreferrer nofollow ugc')
    } else if (url.pathname.startsWith('/api/')) {
      // The router would treat a same-origin link as an SPA page; file links must reach the server.
      node.setAttribute('rel', 'external')
    }
  }
  if (node.tagName === 'IMG') {
    node.setAttribute('loading', 'lazy')
    node.setAttribute('decoding', 'async')
  }
})

function parseHref(href: string) {
  try {
    return new URL(href, window.location.href)
  } catch {
    return undefined
  }
}

/**
 * Renders untrusted markdown (model cards, variation usage) to HTML that is safe for innerHTML:
 * no scripts, styles, forms, event handlers or javascript: URLs; external links open in a new tab.
 */
export function renderMarkdown(source: string) {
  const html = marked.parse(source, { async: false })
  return purify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog'],
    FORBID_ATTR: ['style', 'autofocus'],
    SANITIZE_NAMED_PROPS: true,
  })
}
