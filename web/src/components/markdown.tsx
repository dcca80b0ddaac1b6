import { createEffect, createMemo } from 'solid-js'
import { idPrefix, renderMarkdown } from '../lib/markdown'
import { safeDecode } from '../lib/safe-decode'

const afterPaint = () =>
  new Promise<void>((resolve) =>
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame(() => setTimeout(resolve, 0))
      : setTimeout(resolve, 0),
  )

/**
 * Untrusted markdown, rendered and sanitized (see renderMarkdown). Code blocks are coloured once
 * the page has painted and the highlighter has loaded; "#section" links scroll to the card's
 * (prefixed) heading ids.
 */
export function Markdown(props: { source: string; class?: string }) {
  const html = createMemo(() => renderMarkdown(props.source))
  let root!: HTMLDivElement
  const byId = (id: string) =>
    root.querySelector(`[id="${(idPrefix + id).replace(/["\\]/g, '\\$&')}"]`)

  createEffect(() => {
    html()
    if (root.querySelector('pre > code')) {
      void afterPaint()
        .then(() => import('../lib/highlight'))
        .then((m) => m.highlightWithin(root))
    }
    const hash = safeDecode(window.location.hash.slice(1))
    if (hash) byId(hash)?.scrollIntoView()
  })

  // A native listener, so it runs before the router's document-level link handling.
  const onClick = (e: MouseEvent) => {
    const link = (e.target as Element).closest?.('a[href^="#"]')
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return
    const id = safeDecode(link.getAttribute('href')!.slice(1))
    const target = byId(id)
    if (!target) return
    e.preventDefault()
    target.scrollIntoView()
    // keep the router's history state; only the hash changes
    history.replaceState(history.state, '', `#${encodeURIComponent(id)}`)
  }

  return (
    <div ref={root} class={`markdown ${props.class ?? ''}`} innerHTML={html()} on:click={onClick} />
  )
}
