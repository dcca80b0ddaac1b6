import { cleanup, render, screen, waitFor } from '@solidjs/testing-library'
import { afterEach, describe, expect, it } from 'vitest'
import { NotebookView } from '../../web/src/components/notebook-view'
import { viewNotebook } from '../../web/src/lib/notebook-cells'

const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

const display = (data: Record<string, unknown>) => ({ output_type: 'display_data', data })
const code = (source: string, outputs: unknown[]) => ({
  cell_type: 'code',
  execution_count: 3,
  source,
  outputs,
})

const hostile = {
  nbformat: 4,
  cells: [
    {
      cell_type: 'markdown',
      source: [
        '# Title\n',
        '[click](javascript:window.__pwned=true) <img src=x onerror="window.__pwned=true">\n',
        '<script>window.__pwned = true</script>',
      ],
    },
    code('print("hi")', [
      { output_type: 'stream', name: 'stdout', text: ['hi\n'] },
      { output_type: 'stream', name: 'stderr', text: '\u001b[31mwarning\u001b[0m' },
      display({ 'text/html': '<script>parent.__pwned = true</script><b>bold</b>' }),
      display({ 'image/svg+xml': '<svg onload="parent.__pwned=true"><script>x()</script></svg>' }),
      display({ 'application/javascript': 'window.__pwned = true' }),
      display({ 'image/png': png, 'text/plain': '<Figure>' }),
      display({ 'image/png': 'not base64 "><script>', 'text/plain': 'fallback text' }),
      {
        output_type: 'error',
        ename: 'ValueError',
        evalue: 'bad',
        traceback: ['\u001b[0;31mValueError\u001b[0m: bad'],
      },
    ]),
    { cell_type: 'widget', source: 'ignored' },
    'not a cell',
  ],
}

describe('NotebookView', () => {
  afterEach(cleanup)

  it('renders hostile content inert: HTML and SVG only in a sandbox without scripts', () => {
    const { container } = render(() => <NotebookView notebook={viewNotebook(hostile, 'python')} />)
    expect(container.querySelector('script, [onerror], [onload]')).toBeNull()
    expect(container.querySelector('a[href^="javascript" i]')).toBeNull()
    const frames = [...container.querySelectorAll('iframe')]
    expect(frames).toHaveLength(2)
    for (const frame of frames) {
      expect(frame.getAttribute('sandbox')).toBe('')
      expect(frame.hasAttribute('src')).toBe(false)
    }
    expect(frames[0]!.getAttribute('srcdoc')).toContain('<b>bold</b>')
    // JavaScript output is shown as its text
    expect(screen.getByText('window.__pwned = true')).toBeTruthy()
    expect((window as { __pwned?: boolean }).__pwned).toBeUndefined()
  })

  it('shows markdown, code, streams, images and errors', () => {
    const { container } = render(() => <NotebookView notebook={viewNotebook(hostile, 'python')} />)
    expect(screen.getByRole('heading', { name: 'Title' })).toBeTruthy()
    expect(container.querySelector('code.language-python')?.textContent).toBe('print("hi")')
    expect(screen.getByText('[3]')).toBeTruthy()
    expect(screen.getByText('hi')).toBeTruthy()
    expect(screen.getByText('warning').className).toContain('nb-stderr')
    const images = container.querySelectorAll('img.nb-image')
    expect(images).toHaveLength(1)
    expect(images[0]!.getAttribute('src')).toBe(`data:image/png;base64,${png}`)
    expect(screen.getByText('fallback text')).toBeTruthy()
    expect(container.querySelector('.nb-error')?.textContent).toBe(
      'ValueError: bad\nValueError: bad',
    )
    // the unknown cell type and the non-object are left out
    expect(container.querySelectorAll('.nb-cell')).toHaveLength(2)
  })

  it('says so for a notebook without cells, or not a notebook at all', () => {
    render(() => <NotebookView notebook={viewNotebook('nope', 'javascript')} />)
    expect(screen.getByText('This notebook has no cells.')).toBeTruthy()
  })

  it(
    'draws a long notebook progressively: the first screens at once, then every cell',
    { timeout: 15_000 },
    async () => {
      const long = {
        nbformat: 4,
        cells: Array.from({ length: 120 }, (_, i) =>
          i % 10 ? code(`x_${i} = ${i}`, []) : { cell_type: 'markdown', source: `Cell **${i}**` },
        ),
      }
      const { container } = render(() => <NotebookView notebook={viewNotebook(long, 'python')} />)
      const drawn = () => container.querySelectorAll('.nb-cell').length
      expect(drawn()).toBeGreaterThan(0)
      expect(drawn()).toBeLessThan(120)
      expect(container.querySelector('.notebook-view')?.getAttribute('aria-busy')).toBe('true')
      await waitFor(() => expect(drawn()).toBe(120), { timeout: 10_000 })
      expect(container.querySelector('.notebook-view')?.getAttribute('aria-busy')).toBe('false')
      // in file order
      const codes = container.querySelectorAll('code.language-python')
      expect(codes[codes.length - 1]?.textContent).toBe('x_119 = 119')
    },
  )
})
