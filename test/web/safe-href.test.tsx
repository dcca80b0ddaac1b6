import { render } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import { Avatar } from '../../web/src/components/avatar'
import { NotebookList } from '../../web/src/components/discussion-list'
import { VersionSource } from '../../web/src/components/version-source'
import { safeHref } from '../../web/src/lib/safe-href'
import { makeVersion } from './fixtures'

const hostile = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'java\nscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '/relative',
  'not a url',
]

/** every href and src in the rendered markup */
const links = (root: HTMLElement) =>
  [...root.querySelectorAll('[href], [src]')].map(
    (el) => el.getAttribute('href') ?? el.getAttribute('src'),
  )

describe('safeHref', () => {
  it('keeps absolute http(s) URLs and nothing else', () => {
    for (const url of hostile) expect(safeHref(url), url).toBeUndefined()
    expect(safeHref('https://colab.research.google.com/x')).toBe(
      'https://colab.research.google.com/x',
    )
    expect(safeHref('http://example.com')).toBe('http://example.com')
  })

  it('upstream links render as text, never as href or src, in every non-markdown sink', () => {
    for (const url of hostile) {
      const { container, unmount } = render(() => (
        <>
          <VersionSource
            version={makeVersion({
              fileCount: 0,
              source: {
                kind: 'Module',
                handle: 'evil/net/1',
                version: 1,
                url,
                assetPath: url,
                colabUrl: url,
                demoUrl: url,
              },
            })}
          />
          <NotebookList notebooks={[{ id: 1, title: 'Notebook', url, source: 'tfhub' }]} />
          <Avatar name="Evil" src={url} size={20} />
        </>
      ))
      expect(links(container), url).toEqual([])
      expect(container.textContent).toContain('Notebook')
      unmount()
    }
  })
})
