import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import type { ApiModel } from '../../worker/api-types'
import { ModelList } from '../../web/src/components/model-list'
import { errorResponse, fakeApi, requestedUrls } from './fake-api'
import { makeModel } from './fixtures'
import { renderApp, renderWithRouter } from './render'

const movenet = makeModel({
  ownerSlug: 'google',
  slug: 'movenet-singlepose-lightning',
  title: 'movenet/singlepose/lightning',
  subtitle: 'A convolutional neural network model that runs on RGB images.',
  author: 'Google',
  frameworks: ['MODEL_FRAMEWORK_TENSOR_FLOW_2', 'MODEL_FRAMEWORK_TF_JS', 'MODEL_FRAMEWORK_TF_LITE'],
  tags: [
    { ref: 'task/pose-detection', type: 'task', slug: 'pose-detection', name: 'Pose detection' },
    { ref: 'dataset/coco', type: 'dataset', slug: 'coco', name: 'COCO' },
  ],
  license: { ...makeModel().license!, label: 'Apache-2.0 (TF Hub default)' },
  voteCount: 1,
  downloadCount: 12_345,
})

const blazeface = makeModel()

function listPage(models: ApiModel[], totalResults: number, nextPageToken = '') {
  return { models, totalResults, nextPageToken }
}

describe('ModelList', () => {
  it('renders one card per model with its facts and a link to the model page', () => {
    renderWithRouter(() => <ModelList models={[movenet, blazeface]} />)

    const cards = within(screen.getByRole('list', { name: 'Models' })).getAllByRole('article')
    expect(cards).toHaveLength(2)

    const card = within(cards[0]!)
    const link = card.getByRole('link', { name: 'movenet/singlepose/lightning' })
    expect(link.getAttribute('href')).toBe('/models/google/movenet-singlepose-lightning')
    expect(card.getByText('Google')).toBeTruthy()
    expect(card.getByText(/convolutional neural network/)).toBeTruthy()
    const chips = within(card.getByRole('list', { name: 'Frameworks' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(chips).toEqual(['TensorFlow 2', 'TF.js', 'TFLite', 'Pose detection'])
    expect(card.getByText('Apache-2.0 (TF Hub default)')).toBeTruthy()
    expect(card.getByText('1 vote')).toBeTruthy()
    expect(card.getByText('12.3K downloads')).toBeTruthy()
    expect(card.getByText(/^Updated /).getAttribute('datetime')).toBe(movenet.updateTime)

    expect(within(cards[1]!).getByRole('link', { name: 'BlazeFace' }).getAttribute('href')).toBe(
      '/models/demo/blazeface',
    )
  })

  it("names a family's variations that matched the search, linking to each", () => {
    const family = makeModel({
      ownerSlug: 'google',
      slug: 'movenet',
      title: 'movenet',
      matchingVariations: ['tensorFlow2/singlepose-thunder', 'tfJs/singlepose-thunder'],
    })
    renderWithRouter(() => <ModelList models={[family, blazeface]} />)
    const cards = within(screen.getByRole('list', { name: 'Models' })).getAllByRole('article')
    const card = within(cards[0]!)
    expect(card.getByText(/^Matching variations:/)).toBeTruthy()
    expect(
      card.getByRole('link', { name: 'singlepose-thunder (TF.js)' }).getAttribute('href'),
    ).toBe('/models/google/movenet/tfJs/singlepose-thunder')
    expect(card.getByRole('link', { name: 'singlepose-thunder (TensorFlow 2)' })).toBeTruthy()
    expect(within(cards[1]!).queryByText(/^Matching variations:/)).toBeNull()
  })
})

describe('landing page', () => {
  it('lists models with the total and loads the next page with nextPageToken', async () => {
    const fetchMock = fakeApi({
      'models/list': (url: URL) =>
        url.searchParams.get('pageToken') === 'page-2'
          ? listPage([blazeface], 2)
          : listPage([movenet], 2, 'page-2'),
    })
    renderApp('/')

    expect(await screen.findByRole('link', { name: 'movenet/singlepose/lightning' })).toBeTruthy()
    expect(screen.getByText('2 models')).toBeTruthy()
    expect(screen.getByText('Showing 1 of 2')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }))
    expect(await screen.findByRole('link', { name: 'BlazeFace' })).toBeTruthy()
    expect(screen.getByText('Showing 2 of 2')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()
    expect(requestedUrls(fetchMock).map((u) => u.searchParams.get('pageToken'))).toEqual([
      null,
      'page-2',
    ])
  })

  it('debounces the search into ?q= and queries the API with it', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      const fetchMock = fakeApi({
        'models/list': (url: URL) =>
          listPage([url.searchParams.get('search') === 'pose' ? movenet : blazeface], 1),
      })
      const { history } = renderApp('/')
      await screen.findByRole('link', { name: 'BlazeFace' })

      const input = screen.getByRole('searchbox', { name: 'Search models' })
      fireEvent.input(input, { target: { value: 'po' } })
      fireEvent.input(input, { target: { value: 'pose' } })
      await vi.advanceTimersByTimeAsync(100)
      expect(history.get()).toBe('/')

      await vi.advanceTimersByTimeAsync(300)
      expect(history.get()).toBe('/?q=pose')
      expect(await screen.findByRole('link', { name: 'movenet/singlepose/lightning' })).toBeTruthy()
      const heading = screen.getByRole('heading', { level: 1 })
      expect(heading.textContent).toBe('Models matching “pose”')
      const searches = requestedUrls(fetchMock).map((u) => u.searchParams.get('search'))
      expect(searches).toEqual([null, 'pose'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('reads search and sort from the URL, and writes the sort back', async () => {
    const fetchMock = fakeApi({ 'models/list': listPage([movenet], 1) })
    const { history } = renderApp('/models?q=movenet&sort=downloadCount')

    await screen.findByRole('link', { name: 'movenet/singlepose/lightning' })
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('movenet')
    const sort = screen.getByRole('combobox', { name: 'Sort by' }) as HTMLSelectElement
    expect(sort.value).toBe('downloadCount')
    const first = requestedUrls(fetchMock)[0]!.searchParams
    expect(first.get('search')).toBe('movenet')
    expect(first.get('sortBy')).toBe('downloadCount')
    expect(first.get('pageSize')).toBe('24')
    // the sidebar's groups only, not every group the API can count
    expect(first.get('facets')?.split(',')).toEqual(
      expect.arrayContaining(['framework', 'task', 'license']),
    )
    expect(first.get('facets')).not.toContain('owner')

    fireEvent.change(sort, { target: { value: 'updateTime' } })
    await waitFor(() => expect(history.get()).toBe('/models?q=movenet&sort=updateTime'))
    await waitFor(() =>
      expect(requestedUrls(fetchMock).at(-1)!.searchParams.get('sortBy')).toBe('updateTime'),
    )
  })

  it('says so when nothing matches', async () => {
    fakeApi({ 'models/list': listPage([], 0) })
    renderApp('/?q=zzzz')
    expect(await screen.findByText('No models found')).toBeTruthy()
    expect(screen.getByText(/Nothing matches/).textContent).toContain('“zzzz”')
    expect(screen.getByRole('link', { name: 'Clear search' }).getAttribute('href')).toBe('/models')
  })

  it('shows the API error message and retries', async () => {
    let fail = true
    fakeApi({
      'models/list': () =>
        fail
          ? errorResponse(400, 'BAD_REQUEST', 'pageToken is not valid')
          : listPage([blazeface], 1),
    })
    renderApp('/')

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('pageToken is not valid')
    fail = false
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('link', { name: 'BlazeFace' })).toBeTruthy()
  })
})
