// Hydration in development mode (solid-js's dev build, where a hydration mismatch throws): the
// server build (dist/ssr, the Worker's renderer; docs/ssr.md) draws a page from fixture answers,
// and the app takes that markup over as index.tsx does, keeping its nodes and making no request.
import { hydrate as hydrateQueries } from '@tanstack/solid-query'
import { fireEvent, waitFor } from '@solidjs/testing-library'
import { sharedConfig } from 'solid-js'
import { hydrate } from 'solid-js/web'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiOwnerProfile, ListModelsResponse } from '../../worker/api-types'
import { renderPage } from '#ssr'
import { App, createQueryClient } from '../../web/src/app'
import { serverQueries } from '../../web/src/boot/server-queries'
import { preloadPage } from '../../web/src/routes'
import { fakeApi } from './fake-api'
import { makeFile, makeInstance, makeModel, makeVersion } from './fixtures'

const origin = window.location.origin

const lightning = makeInstance({ slug: 'lightning', totalUncompressedBytes: 1234 })
const thunder = makeInstance({ slug: 'thunder', totalUncompressedBytes: 1234 })
const model = makeModel({
  description: '# BlazeFace\n\nDetects faces.\n\n| a | b |\n|---|---|\n| 1 | 2 |',
  instances: [lightning, thunder],
})
const list: ListModelsResponse = {
  models: [model, makeModel({ id: 2, slug: 'facemesh', title: 'FaceMesh' })],
  nextPageToken: '',
  totalResults: 2,
}
const owner: ApiOwnerProfile = {
  slug: 'demo',
  name: 'Demo Org',
  isOrganization: true,
  profileUrl: '/owners/demo',
  source: 'local',
  createTime: '2024-01-02T03:04:05Z',
  modelCount: 2,
  totalDownloads: 3456,
  totalVotes: 12,
  frameworks: [{ framework: 'MODEL_FRAMEWORK_TF_JS', frameworkSlug: 'tfJs', modelCount: 2 }],
}
const versions = { versions: [makeVersion({ fileCount: 1, totalBytes: 1234 })] }
const files = { files: [makeFile()], nextPageToken: '' }

const answers = {
  'models/list': list,
  'models/demo/blazeface/get': model,
  'models/demo/blazeface/tfJs/lightning/versions': versions,
  'models/demo/blazeface/tfJs/thunder/versions': versions,
  'models/demo/blazeface/tfJs/lightning/1/files': files,
  'models/demo/blazeface/tfJs/thunder/1/files': files,
  'owners/demo': owner,
}

let dispose: (() => void) | undefined

afterEach(() => {
  dispose?.()
  dispose = undefined
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.replaceChildren()
})

/**
 * Draws `url` with the server build, then hydrates it in this document; returns the root and the
 * fetch mock, whose calls after hydration are the app's own.
 */
async function serverRenderedThenHydrated(url: string) {
  const fetchMock = fakeApi(answers)
  const page = await renderPage({ url, origin, fetch: (u, init) => fetch(u, init), nonce: 'n' })
  window.history.replaceState(null, '', url)
  document.body.innerHTML = `<div id="root" data-ssr>${page.html}</div>`
  // the head's hydration script, then the data scripts, as the browser runs them while parsing
  window._$HY = undefined
  for (const [, code] of `${page.head}${page.html}`.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g))
    // as the browser runs them; the test's own fixture data, not input
    new Function(code!)()
  const root = document.getElementById('root')!
  const h1 = root.querySelector('h1')
  expect(h1).toBeTruthy()
  const warnings: unknown[][] = []
  vi.spyOn(console, 'warn').mockImplementation((...args) => void warnings.push(args))
  vi.spyOn(console, 'error').mockImplementation((...args) => void warnings.push(args))
  fetchMock.mockClear()

  const queryClient = createQueryClient()
  hydrateQueries(queryClient, serverQueries(window._$HY!.r))
  await preloadPage(window.location.pathname)
  // the dev build throws "Hydration Mismatch" when the markup is not the app's
  // one hydration per document in a browser; here one per test
  ;(sharedConfig as { done?: boolean }).done = false
  dispose = hydrate(() => <App queryClient={queryClient} />, root)
  // a lazy page finishes hydrating once its module promise settles
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(root.querySelector('h1')).toBe(h1)
  expect(warnings.map((w) => w.map(String).join(' '))).toEqual([])
  return { root, fetchMock, page }
}

const apiCalls = (fetchMock: ReturnType<typeof fakeApi>) =>
  fetchMock.mock.calls.map(([input]) => String(input)).filter((u) => !u.includes('/stats/'))

describe('hydrating server-rendered pages (dev build)', () => {
  it('the landing: the same nodes, no request, and typing a search right away works', async () => {
    const { root, fetchMock } = await serverRenderedThenHydrated('/models')
    expect(root.querySelectorAll('.model-grid article')).toHaveLength(2)
    expect(apiCalls(fetchMock)).toEqual([])
    const search = root.querySelector<HTMLInputElement>('#site-search')!
    fireEvent.input(search, { target: { value: 'face' } })
    await waitFor(() => expect(window.location.search).toContain('q=face'))
    await waitFor(() =>
      expect(root.querySelector('h1')!.textContent).toBe('Models matching “face”'),
    )
  })

  it('a filtered search from the URL', async () => {
    const { root, fetchMock } = await serverRenderedThenHydrated('/models?q=face&framework=tfJs')
    expect(root.querySelector('h1')!.textContent).toBe('Models matching “face”')
    expect(root.querySelector<HTMLInputElement>('#site-search')!.value).toBe('face')
    expect(apiCalls(fetchMock)).toEqual([])
  })

  it('a model page: card, variations and files kept; switching a variation right away works', async () => {
    const { root, fetchMock } = await serverRenderedThenHydrated('/models/demo/blazeface')
    expect(root.querySelector('.markdown table')).toBeTruthy()
    expect(root.querySelector('.variation-panel h3')!.textContent).toBe('lightning')
    expect(root.textContent).toContain('model.json')
    expect(apiCalls(fetchMock)).toEqual([])
    const other = root.querySelector<HTMLAnchorElement>(
      'a[href="/models/demo/blazeface/tfJs/thunder"]',
    )!
    fireEvent.click(other)
    await waitFor(() =>
      expect(window.location.pathname).toBe('/models/demo/blazeface/tfJs/thunder'),
    )
    await waitFor(() =>
      expect(root.querySelector('.variation-panel h3')!.textContent).toBe('thunder'),
    )
  })

  it("an owner's page", async () => {
    const { root, fetchMock } = await serverRenderedThenHydrated('/owners/demo')
    expect(root.querySelector('h1')!.textContent).toContain('Demo Org')
    expect(root.querySelectorAll('.model-grid article')).toHaveLength(2)
    expect(apiCalls(fetchMock)).toEqual([])
  })
})
