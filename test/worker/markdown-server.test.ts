// The card's markdown renderer and sanitizer, run in workerd, where there is no DOM: the server
// rendering of a model page (docs/ssr.md) uses the same module the browser does.
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../web/src/lib/markdown'

const hostileCard = [
  '# Card',
  '',
  '<script>globalThis.__pwned = true</script>',
  '',
  '<img src="x" onerror="globalThis.__pwned = true" alt="bad image">',
  '',
  '[click me](javascript:globalThis.__pwned=true)',
  '',
  '<a href="JaVaScRiPt:alert(1)" onclick="alert(1)">raw link</a>',
  '<a href="&#106;avascript:alert(1)">encoded link</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
  '',
  '<iframe src="https://evil.example"></iframe>',
  '<style>body { display: none }</style>',
  '<form action="https://evil.example"><input name="password"><button>go</button></form>',
  '<textarea>typed</textarea><select><option>one</option></select><dialog open>hi</dialog>',
  '<p style="position:fixed;inset:0" autofocus>overlay</p>',
  '<div id="root">clobber</div></div></main><main>',
  '',
  '[docs](https://www.tensorflow.org/hub) [home](/models) [file](/api/v1/files/a) [top](#card)',
].join('\n')

describe('renderMarkdown in workerd', () => {
  const html = renderMarkdown(hostileCard)

  it('drops scripts, styles, frames, forms and their controls', () => {
    expect(html).not.toMatch(
      /<(script|style|iframe|form|input|button|textarea|select|option|dialog)\b/i,
    )
    expect(html).not.toContain('body { display: none }')
    expect(html).toContain('overlay')
    expect(html).toContain('hi')
  })

  it('drops event, style and autofocus attributes and script or data links', () => {
    expect(html).not.toMatch(/\s(on\w+|style|autofocus)=/i)
    expect(html).not.toMatch(/javascript:|&#106;|data:text/i)
    expect(html).toContain('click me')
    expect(html).toContain(
      '<img src="x" alt="bad image" loading="lazy" decoding="async" referrerpolicy="no-referrer">',
    )
  })

  it('prefixes ids and balances the markup', () => {
    expect(html).toContain('id="user-content-root"')
    expect(html).toContain('id="user-content-card"')
    expect(html).not.toMatch(/id="(root|card)"/)
    expect(html).not.toContain('</main>')
    const opened = html.match(/<div\b/g)?.length ?? 0
    expect(html.match(/<\/div>/g)?.length).toBe(opened)
  })

  it('marks links: other sites in a new tab, /api/ links external, in-card links as they are', () => {
    expect(html).toContain(
      '<a href="https://www.tensorflow.org/hub" target="_blank" rel="noopener noreferrer nofollow ugc">docs</a>',
    )
    expect(html).toContain('<a href="/models">home</a>')
    expect(html).toContain('<a href="/api/v1/files/a" rel="external">file</a>')
    expect(html).toContain('<a href="#card">top</a>')
  })

  it('gives the same HTML every time (the browser runs the same module)', () => {
    expect(renderMarkdown(hostileCard)).toBe(html)
    expect((globalThis as { __pwned?: boolean }).__pwned).toBeUndefined()
  })
})
