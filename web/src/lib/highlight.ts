// Loaded on demand by <Markdown> and the starter code, once the page has painted: highlight.js
// core with the languages model cards use, instead of the full 190-language build.
import hljs from 'highlight.js/lib/core'
import bash from 'highlight.js/lib/languages/bash'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import python from 'highlight.js/lib/languages/python'
import 'highlight.js/styles/github.css'

hljs.registerLanguage('python', python)
hljs.registerLanguage('javascript', javascript)
hljs.registerLanguage('bash', bash)
hljs.registerLanguage('json', json)
hljs.registerAliases(['py', 'python3', 'ipython'], { languageName: 'python' })
hljs.registerAliases(['js', 'ts', 'typescript'], { languageName: 'javascript' })
hljs.registerAliases(['sh', 'shell', 'console', 'zsh'], { languageName: 'bash' })

/**
 * Highlighted HTML for a fenced block of a card, or undefined to leave it plain: a named language
 * we know, or a confident guess for an unnamed block. highlight.js escapes the text it wraps.
 */
export function highlightBlock(code: string, lang: string) {
  if (lang) {
    return hljs.getLanguage(lang)
      ? hljs.highlight(code, { language: lang, ignoreIllegals: true }).value
      : undefined
  }
  const guess = hljs.highlightAuto(code)
  return guess.relevance >= 5 ? guess.value : undefined
}

/**
 * Colours the `pre > code` blocks under `root` in place. Only token spans are added: the block
 * keeps its box (no `hljs` class, whose theme would restyle it), so colouring a painted block
 * neither moves anything nor counts as a new paint of the page's largest element.
 */
export function highlightWithin(root: ParentNode) {
  for (const block of root.querySelectorAll<HTMLElement>('pre > code:not([data-highlighted])')) {
    const lang = /\blanguage-([\w+-]+)/.exec(block.className)?.[1]?.toLowerCase() ?? ''
    const html = highlightBlock(block.textContent ?? '', lang)
    block.dataset.highlighted = ''
    if (html) block.innerHTML = html
  }
}

/** Highlighted HTML for a known language, e.g. a starter snippet. */
export function highlightCode(code: string, language: string) {
  return hljs.highlight(code, { language, ignoreIllegals: true }).value
}
