// The stylesheet's rules a server-rendered page needs (worker/pages/critical-css.ts): kept when
// they may match the markup, in order, inside their @media; a superset of what matches.
import { describe, expect, it } from 'vitest'
import { criticalCss, markupTokens, parseStylesheet } from '../../worker/pages/critical-css'

const css = [
  ':root{--accent:#1f5eff}',
  '*,:before,:after{box-sizing:border-box}',
  '.card{color:red}',
  '.card .title:hover{color:blue}',
  '.dialog{position:fixed}',
  'ul.list>li+li{margin:0}',
  '#main:focus-visible{outline:none}',
  '.tabs button[aria-selected=true]{font-weight:700}',
  '.row:not(.card){gap:1px}',
  ':is(.dialog,.sheet) h2{margin:0}',
  '.a,.dialog{padding:0}',
  '@media (width<=40rem){.card{padding:1px}.dialog{inset:0}}',
  '@media print{.dialog{display:none}}',
  '@keyframes spin{to{transform:rotate(1turn)}}',
  '.spinner:after{content:"{ }";animation:spin 1s}',
].join('')

const markup =
  '<main id="main"><article class="card"><h2 class=title>A</h2></article><ul class="list"><li>1</li><li>2</li></ul><div class="tabs row"><button aria-selected="true">x</button></div></main>'

describe('criticalCss', () => {
  const blocks = parseStylesheet(css)
  const out = criticalCss(blocks, markupTokens(markup))

  it('keeps what may match the markup, in the stylesheet order', () => {
    expect(out).toBe(
      [
        ':root{--accent:#1f5eff}',
        '*,:before,:after{box-sizing:border-box}',
        '.card{color:red}',
        '.card .title:hover{color:blue}',
        'ul.list>li+li{margin:0}',
        '#main:focus-visible{outline:none}',
        '.tabs button[aria-selected=true]{font-weight:700}',
        '.row:not(.card){gap:1px}',
        ':is(.dialog,.sheet) h2{margin:0}',
        '@media (width<=40rem){.card{padding:1px}}',
        '@keyframes spin{to{transform:rotate(1turn)}}',
      ].join(''),
    )
  })

  it('leaves out rules for what the markup lacks, and @media blocks left empty', () => {
    expect(out).not.toContain('.dialog{')
    expect(out).not.toContain('@media print')
    expect(out).not.toContain('.spinner')
  })

  it('keeps a rule one of whose selectors matches', () => {
    expect(criticalCss(blocks, markupTokens('<p class="a">'))).toContain('.a,.dialog{padding:0}')
  })

  it('reads a string with braces inside a declaration', () => {
    expect(criticalCss(blocks, markupTokens('<i class="spinner">'))).toContain(
      '.spinner:after{content:"{ }";animation:spin 1s}',
    )
  })

  it('refuses text it cannot follow, so the caller inlines the whole', () => {
    expect(() => parseStylesheet('.a{color:red')).toThrow(/unbalanced/)
    expect(() => parseStylesheet('.a{content:"x}')).toThrow(/unterminated/)
  })
})

describe('markupTokens', () => {
  it('reads element names, classes and ids, quoted or not, with entities decoded', () => {
    const tokens = markupTokens(`<DIV class='a  b' id=top><span class="x&amp;y">`)
    for (const token of ['div', 'span', '.a', '.b', '#top', '.x&y', 'html', 'body', '#root'])
      expect(tokens.has(token)).toBe(true)
  })
})
