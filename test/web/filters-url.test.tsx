import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type { ApiModel } from '../../worker/api-types'
import { listStateToSearch, parseListState, toggleFilter } from '../../web/src/lib/list-state'
import { fakeApi, requestedUrls } from './fake-api'
import { makeModel } from './fixtures'
import { renderApp } from './render'

const facets = {
  framework: [
    { value: 'tfJs', label: 'TF.js', count: 120 },
    { value: 'tfLite', label: 'TFLite', count: 80 },
  ],
  task: [{ value: 'image-pose-detection', label: 'Image pose detection', count: 12 }],
  license: [{ value: 'apache-2.0', label: 'Apache 2.0', count: 900 }],
}

function listPage(models: ApiModel[], totalResults: number, nextPageToken = '') {
  return { models, totalResults, nextPageToken, facets }
}

const models = Array.from({ length: 24 * 3 }, (_, i) =>
  makeModel({ id: i + 1, slug: `model-${i + 1}`, title: `Model ${i + 1}` }),
)

describe('list state ↔ URL', () => {
  it('reads search, owner, filters, sort and page, dropping what it does not know', () => {
    const state = parseListState({
      q: ' pose ',
      framework: ['tfLite', 'tfJs', 'tfJs'],
      task: 'image-pose-detection',
      sort: 'downloadCount',
      page: '3',
      bogus: 'x',
    })
    expect(state).toEqual({
      q: 'pose',
      owner: '',
      sort: 'downloadCount',
      filters: expect.objectContaining({
        framework: ['tfJs', 'tfLite'],
        task: ['image-pose-detection'],
        license: [],
      }),
      pages: 3,
    })
    expect(parseListState({ sort: 'nonsense', page: '-2' })).toMatchObject({
      sort: undefined,
      pages: 1,
    })
    expect(parseListState({ page: '9999' }).pages).toBe(20)
    // a sort equal to the default is not a choice worth keeping in the URL
    expect(parseListState({ sort: 'hotness' }).sort).toBeUndefined()
    expect(parseListState({ q: 'bert', sort: 'relevance' }).sort).toBeUndefined()
    expect(parseListState({ q: 'bert', sort: 'hotness' }).sort).toBe('hotness')
  })

  it('writes equal states as equal URLs, in a fixed order, without defaults', () => {
    const a = parseListState({ framework: ['tfLite', 'tfJs'], q: 'pose', page: '2' })
    const b = parseListState({ page: '2', q: 'pose', framework: ['tfJs', 'tfLite'] })
    expect(listStateToSearch(a)).toBe('?q=pose&framework=tfJs&framework=tfLite&page=2')
    expect(listStateToSearch(b)).toBe(listStateToSearch(a))
    expect(listStateToSearch(parseListState({}))).toBe('')
    expect(
      listStateToSearch(
        parseListState(Object.fromEntries(new URLSearchParams('framework=tfJs,coral'))),
      ),
    ).toBe('?framework=coral&framework=tfJs')
  })

  it('toggles a filter value and starts again at page 1', () => {
    const state = parseListState({ framework: 'tfJs', page: '4' })
    const added = toggleFilter(state, 'framework', 'coral')
    expect(added.filters.framework).toEqual(['coral', 'tfJs'])
    expect(added.pages).toBe(1)
    expect(toggleFilter(added, 'framework', 'tfJs').filters.framework).toEqual(['coral'])
  })
})

describe('landing page filters', () => {
  it('shows facet counts, and a ticked box goes to the URL and the API', async () => {
    const fetchMock = fakeApi({ 'models/list': () => listPage(models.slice(0, 24), 200, 'next') })
    const { history } = renderApp('/models?q=pose')

    const sidebar = await screen.findByRole('complementary', { name: 'Filters' })
    const tfjs = await within(sidebar).findByRole('checkbox', { name: 'TF.js, 120 models' })
    expect(within(sidebar).getByRole('group', { name: 'Task' })).toBeTruthy()

    fireEvent.click(tfjs)
    await waitFor(() => expect(history.get()).toBe('/models?q=pose&framework=tfJs'))
    await waitFor(() => {
      const last = requestedUrls(fetchMock).at(-1)!
      expect(last.searchParams.getAll('framework')).toEqual(['tfJs'])
      expect(last.searchParams.get('search')).toBe('pose')
    })
    expect(
      (within(sidebar).getByRole('checkbox', { name: /TF\.js/ }) as HTMLInputElement).checked,
    ).toBe(true)

    // the active filter shows as a chip that removes it
    const active = screen.getByRole('list', { name: 'Active filters' })
    fireEvent.click(within(active).getByRole('button', { name: 'Remove filter TF.js' }))
    await waitFor(() => expect(history.get()).toBe('/models?q=pose'))
  })

  it('keeps the sort and the filters when going back and forward', async () => {
    fakeApi({ 'models/list': () => listPage(models.slice(0, 24), 200, 'next') })
    const { history } = renderApp('/models')
    const sidebar = await screen.findByRole('complementary', { name: 'Filters' })

    fireEvent.click(await within(sidebar).findByRole('checkbox', { name: /TFLite/ }))
    await waitFor(() => expect(history.get()).toBe('/models?framework=tfLite'))
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), {
      target: { value: 'voteCount' },
    })
    await waitFor(() => expect(history.get()).toBe('/models?framework=tfLite&sort=voteCount'))

    history.back()
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Sort by' }) as HTMLSelectElement).value).toBe(
        'hotness',
      ),
    )
    expect(
      (within(sidebar).getByRole('checkbox', { name: /TFLite/ }) as HTMLInputElement).checked,
    ).toBe(true)
    history.back()
    await waitFor(() =>
      expect(
        (within(sidebar).getByRole('checkbox', { name: /TFLite/ }) as HTMLInputElement).checked,
      ).toBe(false),
    )
  })

  it('writes "Load more" into ?page=, and a reloaded page 3 comes back in one request', async () => {
    const fetchMock = fakeApi({
      'models/list': (url: URL) => {
        const size = Number(url.searchParams.get('pageSize'))
        const start = url.searchParams.get('pageToken')
          ? Number(url.searchParams.get('pageToken'))
          : 0
        const end = start + size
        return listPage(
          models.slice(start, end),
          models.length,
          end < models.length ? String(end) : '',
        )
      },
    })
    const first = renderApp('/models')
    await screen.findByRole('link', { name: 'Model 24' })
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }))
    await waitFor(() => expect(first.history.get()).toBe('/models?page=2'))
    expect(await screen.findByRole('link', { name: 'Model 48' })).toBeTruthy()
    expect(screen.getByText('Showing 48 of 72')).toBeTruthy()
    first.unmount()

    fetchMock.mockClear()
    renderApp('/models?page=3')
    expect(await screen.findByRole('link', { name: 'Model 72' })).toBeTruthy()
    expect(screen.getAllByRole('article')).toHaveLength(72)
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()
    expect(requestedUrls(fetchMock).map((u) => u.searchParams.get('pageSize'))).toEqual(['72'])
  })

  it('has no sidebar groups when the API sends no facet counts', async () => {
    fakeApi({ 'models/list': { models: models.slice(0, 2), totalResults: 2, nextPageToken: '' } })
    renderApp('/models')
    await screen.findByRole('link', { name: 'Model 1' })
    expect(screen.queryByRole('checkbox')).toBeNull()
    expect(screen.queryByRole('button', { name: /Filters/ })).toBeNull()
  })
})
