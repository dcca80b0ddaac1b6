import { createMemo } from 'solid-js'
import { renderMarkdown } from '../lib/markdown'

/** Untrusted markdown, rendered and sanitized (see renderMarkdown). */
export function Markdown(props: { source: string; class?: string }) {
  const html = createMemo(() => renderMarkdown(props.source))
  return <div class={`markdown ${props.class ?? ''}`} innerHTML={html()} />
}
