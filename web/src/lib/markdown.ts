import DOMPurify from 'dompurify'
import { Marked } from 'marked'

const marked = new Marked({ gfm: true })

// A private instance, so the link hook below does not leak into other users of DOMPurify.
const purify = DOMPurify(window)

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    if (isExternal(node.getAttribute('href') ?? '')) {
      node.setAttribute('target', '_blank')
      // Card authors are not us: no window.opener, no referrer, no endorsement for search engines.
      node.setAttribute('rel', 'noopener noreferrer nofollow ugc')
    }
  }
  if (node.tagName === 'IMG') {
    node.setAttribute('loading', 'lazy')
    node.setAttribute('decoding', 'async')
  }
})

function isExternal(href: string) {
  try {
    return new URL(href, window.location.href).origin !== window.location.origin
  } catch {
    return true
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
