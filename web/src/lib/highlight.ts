// Loaded on demand by <Markdown> and the starter code, only when there is code to colour.
// highlight.js core with the languages model cards use, instead of the full 190-language build.
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
 * Colours `pre > code` blocks in place. Blocks name their language with a `language-*` class;
 * unlabelled ones are guessed among the registered languages and left plain when unsure.
 * highlight.js escapes the text it wraps, so a block's content cannot become markup.
 */
export function highlightWithin(root: ParentNode) {
  for (const block of root.querySelectorAll<HTMLElement>('pre > code:not(.hljs)')) {
    const lang = /\blanguage-([\w+-]+)/.exec(block.className)?.[1]?.toLowerCase()
    const text = block.textContent ?? ''
    if (lang && hljs.getLanguage(lang)) {
      block.innerHTML = hljs.highlight(text, { language: lang, ignoreIllegals: true }).value
    } else if (!lang) {
      const guess = hljs.highlightAuto(text)
      if (guess.relevance < 5) continue
      block.innerHTML = guess.value
    } else {
      continue
    }
    block.classList.add('hljs')
  }
}

/** Highlighted HTML for a known language, e.g. a starter snippet. */
export function highlightCode(code: string, language: string) {
  return hljs.highlight(code, { language, ignoreIllegals: true }).value
}
