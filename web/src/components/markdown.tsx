import { createEffect, createMemo } from 'solid-js'
import { idPrefix, renderMarkdown } from '../lib/markdown'

/**
 * Untrusted markdown, rendered and sanitized (see renderMarkdown), code blocks coloured;
 * "#section" links scroll to the card's (prefixed) heading ids.
 */
export function Markdown(props: { source: string; class?: string }) {
  const html = createMemo(() => renderMarkdown(props.source))
  let root!: HTMLDivElement
  const byId = (id: string) =>
    root.querySelector(`[id="${(idPrefix + id).replace(/["\\]/g, '\\$&')}"]`)

  createEffect(() => {
    html()
    const hash = decodeURIComponent(window.location.hash.slice(1))
    if (hash) byId(hash)?.scrollIntoView()
  })

  // A native listener, so it runs before the router's document-level link handling.
  const onClick = (e: MouseEvent) => {
    const link = (e.target as Element).closest?.('a[href^="#"]')
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return
    const id = decodeURIComponent(link.getAttribute('href')!.slice(1))
    const target = byId(id)
    if (!target) return
    e.preventDefault()
    target.scrollIntoView()
    // keep the router's history state; only the hash changes
    history.replaceState(history.state, '', `#${encodeURIComponent(id)}`)
  }

  return (
    <div
      ref={root}
      class={`markdown ${props.class ?? ''}`}
      innerHTML={html()}
      on:click={onClick}
    />
  )
}
