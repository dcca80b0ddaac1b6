import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import { Markdown } from '../../web/src/components/markdown'
import { fakeApi } from './fake-api'
import { makeInstance, makeModel } from './fixtures'
import { renderApp } from './render'

const hostileCard = [
  '# Card',
  '',
  '<script>window.__pwned = true</script>',
  '',
  '<img src="x" onerror="window.__pwned = true" alt="bad image">',
  '',
  '[click me](javascript:window.__pwned=true)',
  '',
  '<a href="JaVaScRiPt:window.__pwned=true" onclick="window.__pwned=true">raw link</a>',
  '',
  '<iframe src="https://evil.example"></iframe>',
  '<style>body { display: none }</style>',
  '<form action="https://evil.example"><input name="password"></form>',
  '<p style="position:fixed;inset:0">overlay</p>',
  '',
  '[docs](https://www.tensorflow.org/hub)',
].join('\n')

describe('Markdown', () => {
  it('renders markdown to HTML', () => {
    const source = '## Usage\n\nRun `model.predict()`.\n\n| a | b |\n|---|---|\n| 1 | 2 |'
    render(() => <Markdown source={source} />)
    expect(screen.getByRole('heading', { level: 2, name: 'Usage' })).toBeTruthy()
    expect(screen.getByText('model.predict()').tagName).toBe('CODE')
    expect(screen.getByRole('table')).toBeTruthy()
  })

  it('renders a hostile card inert: no scripts, handlers, javascript: URLs, styles, forms', () => {
    const { container } = render(() => <Markdown source={hostileCard} />)

    expect(container.querySelector('script, iframe, style, form, input')).toBeNull()
    expect(container.querySelector('[onerror], [onclick], [style]')).toBeNull()
    for (const a of container.querySelectorAll('a')) {
      expect(a.getAttribute('href') ?? '').not.toMatch(/javascript:/i)
    }
    expect(screen.getByText('click me')).toBeTruthy()
    expect(screen.getByText('overlay')).toBeTruthy()
    expect(screen.getByAltText('bad image').getAttribute('src')).toBe('x')
    expect((window as { __pwned?: boolean }).__pwned).toBeUndefined()
  })

  it('opens external links in a new tab without opener or referrer', () => {
    const source =
      '[docs](https://www.tensorflow.org/hub), [home](/models), [file](/api/v1/files/a)'
    render(() => <Markdown source={source} />)
    const external = screen.getByRole('link', { name: 'docs' })
    expect(external.getAttribute('target')).toBe('_blank')
    expect(external.getAttribute('rel')).toContain('noopener')
    expect(external.getAttribute('rel')).toContain('noreferrer')
    const internal = screen.getByRole('link', { name: 'home' })
    expect(internal.getAttribute('target')).toBeNull()
    // API links are left to the browser, not the SPA router
    expect(screen.getByRole('link', { name: 'file' }).getAttribute('rel')).toBe('external')
  })
})

describe('Markdown headings and code', () => {
  it('gives headings prefixed ids and a # link, and follows in-card links to them', () => {
    const source =
      '## Model Specifications\n\nSee [specs](#model-specifications).\n\n## Usage\n\n## Usage'
    const scrolled: string[] = []
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.id)
    }
    const { container } = render(() => <Markdown source={source} />)
    const heading = screen.getByRole('heading', { level: 2, name: 'Model Specifications' })
    expect(heading.id).toBe('user-content-model-specifications')
    const usages = screen.getAllByRole('heading', { name: 'Usage' }).map((h) => h.id)
    expect(usages).toEqual(['user-content-usage', 'user-content-usage-1'])
    const anchor = screen.getByRole('link', { name: 'Link to section: Model Specifications' })
    expect(anchor.getAttribute('href')).toBe('#model-specifications')

    fireEvent.click(screen.getByRole('link', { name: 'specs' }))
    expect(scrolled).toEqual(['user-content-model-specifications'])
    expect(window.location.hash).toBe('#model-specifications')
    expect(container.querySelector('[id="model-specifications"]')).toBeNull()
  })

  it('colours fenced code once painted, keeping the text and the block', async () => {
    const source =
      '```python\nimport tensorflow as tf\n```\n\n```\n<img src=x onerror=alert(1)>\n```'
    const { container } = render(() => <Markdown source={source} />)
    await waitFor(() => expect(container.querySelector('pre > code .hljs-keyword')).toBeTruthy())
    // token spans only: no theme class that would restyle the painted block
    expect(container.querySelector('.hljs')).toBeNull()
    const [python, plain] = container.querySelectorAll('pre > code')
    expect(python!.textContent).toBe('import tensorflow as tf\n')
    // code text stays text, whatever it looks like
    expect(plain!.textContent).toContain('<img src=x onerror=alert(1)>')
    expect(container.querySelector('img')).toBeNull()
  })
})

describe('model page card', () => {
  it('shows a hostile card sanitized', async () => {
    fakeApi({
      'models/evil/card/get': makeModel({
        ownerSlug: 'evil',
        slug: 'card',
        title: 'Evil card',
        description: hostileCard,
        instances: [makeInstance()],
      }),
      'models/evil/card/tfJs/default/versions': { versions: [] },
    })
    renderApp('/models/evil/card')

    const heading = await screen.findByRole('heading', { name: 'Model card' })
    const card = heading.parentElement!
    expect(await screen.findByText('click me')).toBeTruthy()
    expect(card.querySelector('script, iframe, style, form')).toBeNull()
    expect(card.querySelector('[onerror], [onclick], [style]')).toBeNull()
    expect(card.querySelector('a[href^="javascript" i]')).toBeNull()
  })

  it('shows the subtitle when the card is empty', async () => {
    fakeApi({
      'models/demo/empty/get': makeModel({
        slug: 'empty',
        description: '',
        subtitle: 'Only a subtitle here.',
        instances: [],
      }),
    })
    renderApp('/models/demo/empty')
    const heading = await screen.findByRole('heading', { name: 'Model card' })
    expect(heading.parentElement!.textContent).toContain('Only a subtitle here.')
    expect(await screen.findByText('This model has no variations yet.')).toBeTruthy()
  })
})
