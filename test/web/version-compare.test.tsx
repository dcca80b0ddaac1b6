import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type { VersionDiffResponse } from '../../worker/api-types'
import { fakeApi, requestedUrls } from './fake-api'
import { makeVersion } from './fixtures'
import { renderApp } from './render'

const base = 'models/demo/pose/tfJs/default'
const versions = [3, 2, 1].map((n) =>
  makeVersion({ versionNumber: n, fileCount: n + 1, totalBytes: n * 1000 }),
)

function diffOf(from: number, to: number): VersionDiffResponse {
  return {
    from: { versionNumber: from, fileCount: from + 1, totalBytes: from * 1000 },
    to: { versionNumber: to, fileCount: to + 1, totalBytes: to * 1000 },
    summary: { added: 1, removed: 1, changed: 1, unchanged: 2, bytesDelta: (to - from) * 1000 },
    files: [
      { path: 'group1-shard2of2.bin', change: 'added', toSize: 1500, toSha256: 'b'.repeat(64) },
      {
        path: 'model.json',
        change: 'changed',
        fromSize: 200,
        toSize: 250,
        fromSha256: 'c'.repeat(64),
        toSha256: 'd'.repeat(64),
      },
      { path: '<img src=x onerror=alert(1)>.txt', change: 'removed', fromSize: 3 },
    ],
  }
}

describe('comparing versions', () => {
  it('compares the latest version with the one before by default, and another pair on choice', async () => {
    const fetchMock = fakeApi({
      [`${base}/versions`]: { versions },
      [`${base}/diff`]: (url: URL) =>
        diffOf(Number(url.searchParams.get('from')), Number(url.searchParams.get('to'))),
    })
    const { history } = renderApp(`/${base}/compare`)

    const result = await screen.findByRole('region', { name: 'Changes' })
    expect(result.textContent).toContain('1 added, 1 removed, 1 changed, 2 unchanged; +1.0 kB')
    const rows = within(result).getAllByRole('row').slice(1)
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual([
      'group1-shard2of2.bin',
      'model.json',
      '<img src=x onerror=alert(1)>.txt',
    ])
    // a hostile file name is text, never markup
    expect(document.querySelector('img')).toBeNull()
    expect(within(rows[1]!).getByText('Changed')).toBeTruthy()
    expect(within(result).getByRole('link', { name: 'Version 2' }).getAttribute('href')).toBe(
      '/models/demo/pose/tfJs/default/2',
    )

    fireEvent.change(screen.getByRole('combobox', { name: 'From version' }), {
      target: { value: '1' },
    })
    await waitFor(() => expect(history.get()).toContain('from=1'))
    await waitFor(() =>
      expect(screen.getByRole('region', { name: 'Changes' }).textContent).toContain('+2.0 kB'),
    )
    const asked = requestedUrls(fetchMock)
      .filter((u) => u.pathname.endsWith('/diff'))
      .map((u) => u.search)
    expect(asked).toEqual(['?from=2&to=3', '?from=1&to=3'])
  })

  it('says there is nothing to compare for a single version', async () => {
    fakeApi({ [`${base}/versions`]: { versions: [makeVersion()] } })
    renderApp(`/${base}/compare`)
    expect(await screen.findByText(/single version: nothing to compare/)).toBeTruthy()
  })
})
