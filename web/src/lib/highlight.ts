// highlight.js core with the languages model cards use, instead of the full 190-language build.
// Part of the markdown chunk (cards are coloured as they render); the starter code loads it lazily.
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

/** Highlighted HTML for a known language, e.g. a starter snippet. */
export function highlightCode(code: string, language: string) {
  return hljs.highlight(code, { language, ignoreIllegals: true }).value
}
