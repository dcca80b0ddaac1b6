// The part of the stylesheet a server-rendered page needs for its first paint (docs/ssr.md,
// "First paint"): every rule that may match an element of the page's markup, in the stylesheet's
// order. A rule is kept unless one of the classes, ids or element names each of its selectors
// needs is missing from the markup, so what is kept is a superset of what matches and the first
// paint is the full stylesheet's. The whole stylesheet follows at the end of the body.

/** A stylesheet, parsed once: rules with what each selector needs, grouping at-rules, the rest. */
export type CssBlock =
  | { kind: 'rule'; text: string; needs: string[][] }
  | { kind: 'group'; prelude: string; blocks: CssBlock[] }
  | { kind: 'always'; text: string }

// the markup's shell around the page (index.html): always there
const shellTokens = ['html', 'body', 'head', '#root']

/**
 * Splits CSS text into its top-level blocks. Throws on text it cannot follow (an unbalanced
 * brace, an unterminated string): the caller then inlines the whole stylesheet as before.
 */
export function parseStylesheet(css: string): CssBlock[] {
  const blocks: CssBlock[] = []
  let at = 0
  while (at < css.length) {
    at = skipSpaceAndComments(css, at)
    if (at >= css.length) break
    const open = findOutside(css, at, '{;')
    if (open === -1) throw new Error(`stylesheet: no block after ${css.slice(at, at + 40)}`)
    const prelude = css.slice(at, open).trim()
    if (css[open] === ';') {
      // a statement at-rule (@import, @charset, @layer a, b;)
      blocks.push({ kind: 'always', text: css.slice(at, open + 1) })
      at = open + 1
      continue
    }
    const close = matchingBrace(css, open)
    const body = css.slice(open + 1, close)
    const atRule = /^@([\w-]+)/.exec(prelude)?.[1]?.toLowerCase()
    if (atRule && ['media', 'supports', 'layer', 'container', 'scope'].includes(atRule))
      blocks.push({ kind: 'group', prelude, blocks: parseStylesheet(body) })
    else if (atRule) blocks.push({ kind: 'always', text: css.slice(at, close + 1) })
    else
      blocks.push({
        kind: 'rule',
        text: css.slice(at, close + 1),
        needs: splitOutside(prelude, ',').map(selectorNeeds),
      })
    at = close + 1
  }
  return blocks
}

/** The classes (`.x`), ids (`#x`) and element names of an HTML fragment. */
export function markupTokens(html: string): Set<string> {
  const tokens = new Set(shellTokens)
  for (const [, tag] of html.matchAll(/<([a-zA-Z][\w-]*)/g)) tokens.add(tag!.toLowerCase())
  const attribute = /\s(class|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi
  for (const [, name, double, single, bare] of html.matchAll(attribute)) {
    const value = double ?? single ?? bare ?? ''
    const prefix = name!.toLowerCase() === 'class' ? '.' : '#'
    for (const word of value.split(/\s+/)) if (word) tokens.add(prefix + decodeEntities(word))
  }
  return tokens
}

/** The blocks that may apply to markup with these tokens, as CSS text. */
export function criticalCss(blocks: CssBlock[], tokens: Set<string>): string {
  let out = ''
  for (const block of blocks) {
    if (block.kind === 'always') out += block.text
    else if (block.kind === 'rule') {
      if (block.needs.some((needs) => needs.every((token) => tokens.has(token)))) out += block.text
    } else {
      const inner = criticalCss(block.blocks, tokens)
      if (inner) out += `${block.prelude}{${inner}}`
    }
  }
  return out
}

/**
 * What one selector needs of the markup: its classes, ids and element names. What cannot rule a
 * selector out is dropped: attribute selectors, pseudo-classes and pseudo-elements (with their
 * arguments: `:not(.x)` needs no `.x`, `:is(.a, .b)` only one of them), escaped names.
 */
function selectorNeeds(selector: string): string[] {
  let plain = ''
  let depth = 0
  let bracket = false
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i]!
    if (bracket) {
      if (ch === ']') bracket = false
      continue
    }
    if (ch === '[' && depth === 0) {
      bracket = true
      plain += ' '
      continue
    }
    if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (depth === 0) plain += ch
  }
  // pseudo-classes and elements, their arguments gone already
  plain = plain.replace(/::?[\w-]+/g, ' ')
  if (plain.includes('\\')) return []
  const needs: string[] = []
  for (const [token] of plain.matchAll(/[.#]?-?[_a-zA-Z][\w-]*/g)) {
    if (token.startsWith('.') || token.startsWith('#')) needs.push(token)
    else needs.push(token.toLowerCase())
  }
  return needs
}

function skipSpaceAndComments(css: string, at: number) {
  for (;;) {
    while (at < css.length && /\s/.test(css[at]!)) at++
    if (!css.startsWith('/*', at)) return at
    const end = css.indexOf('*/', at + 2)
    if (end === -1) throw new Error('stylesheet: an unterminated comment')
    at = end + 2
  }
}

/** The index of the first of `chars` from `at` that is outside strings and parentheses. */
function findOutside(css: string, at: number, chars: string) {
  let depth = 0
  for (let i = at; i < css.length; i++) {
    const ch = css[i]!
    if (ch === '"' || ch === "'") i = stringEnd(css, i)
    else if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (depth === 0 && chars.includes(ch)) return i
  }
  return -1
}

function matchingBrace(css: string, open: number) {
  let depth = 0
  for (let i = open; i < css.length; i++) {
    const ch = css[i]!
    if (ch === '"' || ch === "'") i = stringEnd(css, i)
    else if (ch === '/' && css[i + 1] === '*') {
      i = css.indexOf('*/', i + 2)
      if (i === -1) break
      i++
    } else if (ch === '{') depth++
    else if (ch === '}' && --depth === 0) return i
  }
  throw new Error('stylesheet: an unbalanced brace')
}

function stringEnd(css: string, open: number) {
  const quote = css[open]
  for (let i = open + 1; i < css.length; i++) {
    if (css[i] === '\\') i++
    else if (css[i] === quote) return i
  }
  throw new Error('stylesheet: an unterminated string')
}

function splitOutside(text: string, separator: string) {
  const parts: string[] = []
  let at = 0
  for (;;) {
    const next = findOutside(text, at, separator)
    if (next === -1) break
    parts.push(text.slice(at, next))
    at = next + 1
  }
  parts.push(text.slice(at))
  return parts.map((part) => part.trim()).filter(Boolean)
}

function decodeEntities(word: string) {
  return word.replace(/&(amp|quot|#39|lt|gt);/g, (_, name: string) =>
    name === 'amp' ? '&' : name === 'quot' ? '"' : name === '#39' ? "'" : name === 'lt' ? '<' : '>',
  )
}
