import { fireEvent, screen, waitFor } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type { ApiDiscussionTopic, ListDiscussionsResponse } from '../../worker/api-types'
import { fakeApi, requestedUrls } from './fake-api'
import { makeInstance, makeModel } from './fixtures'
import { renderApp } from './render'

const me = {
  user: { username: 'ada', displayName: 'Ada', email: 'ada@example.test', isAdmin: false },
}
const model = makeModel({
  ownerSlug: 'google',
  slug: 'movenet',
  title: 'MoveNet',
  voteCount: 5,
  hasVoted: false,
  instances: [makeInstance()],
})
const baseApi = {
  'models/google/movenet/get': model,
  'models/google/movenet/tfJs/default/versions': { versions: [] },
}

function topic(overrides: Partial<ApiDiscussionTopic> = {}): ApiDiscussionTopic {
  return {
    id: 1,
    title: 'First topic',
    author: { slug: 'ada', name: 'Ada' },
    commentCount: 2,
    voteCount: 3,
    hasVoted: false,
    isPinned: false,
    isLocked: false,
    isHidden: false,
    isDeleted: false,
    isEdited: false,
    createTime: '2026-12-01T00:00:00.000Z',
    lastActivityTime: '2026-12-01T00:00:00.000Z',
    ...overrides,
  }
}

/** An answer whose body arrives on `release()`, so the optimistic state can be seen. */
function held(status: number, body: unknown, headers: Record<string, string> = {}) {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  const answer = () =>
    new Response(
      new ReadableStream({
        async start(controller) {
          await gate
          controller.enqueue(new TextEncoder().encode(JSON.stringify(body)))
          controller.close()
        },
      }),
      { status, headers: { 'content-type': 'application/json', ...headers } },
    )
  return { answer, release: () => release() }
}

describe('model vote button', () => {
  it('counts at once, then settles from the server', async () => {
    const vote = held(200, { voteCount: 9, hasVoted: true })
    const fetchMock = fakeApi({
      ...baseApi,
      'auth/session': me,
      'votes/models/google/movenet': () => vote.answer(),
    })
    renderApp('/models/google/movenet')
    const button = await screen.findByRole('button', { name: /^Upvote this model, 5 votes/ })
    expect(button.getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(button)
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('true'))
    expect(button.textContent).toContain('6')
    vote.release()
    // the server's count (others voted meanwhile) wins
    await waitFor(() => expect(button.textContent).toContain('9'))
    const sent = fetchMock.mock.calls.find(([u]) => String(u).includes('votes/'))!
    expect(sent[1]?.method).toBe('PUT')
  })

  it('puts the old count back and says why when the vote is refused', async () => {
    const message = 'too many votes; retry in 120 s'
    const vote = held(
      429,
      { code: 429, message, error: { code: 'TOO_MANY_REQUESTS', message } },
      { 'retry-after': '120' },
    )
    fakeApi({ ...baseApi, 'auth/session': me, 'votes/models/google/movenet': () => vote.answer() })
    renderApp('/models/google/movenet')
    const button = await screen.findByRole('button', { name: /^Upvote this model/ })
    fireEvent.click(button)
    await waitFor(() => expect(button.textContent).toContain('6'))
    vote.release()
    expect((await screen.findByText(/^too many votes/)).textContent).toBe(
      'too many votes. Try again in 2 minutes.',
    )
    expect(button.textContent).toContain('5')
    expect(button.getAttribute('aria-pressed')).toBe('false')
  })

  it('is a link to sign in, coming back here, when signed out', async () => {
    fakeApi({ ...baseApi, 'auth/session': { user: null } })
    renderApp('/models/google/movenet')
    const link = await screen.findByRole('link', { name: /^Upvote this model \(sign in first\)/ })
    expect(link.getAttribute('href')).toBe('/signin?returnTo=%2Fmodels%2Fgoogle%2Fmovenet')
  })
})

describe('discussion tab', () => {
  it('lists topics with badges, pages with "Load more", and sorts through the URL', async () => {
    const page = (topics: ApiDiscussionTopic[], next?: string): ListDiscussionsResponse => ({
      topics,
      totalResults: 3,
      sort: 'hot',
      canModerate: false,
      nextPageToken: next,
    })
    const fetchMock = fakeApi({
      ...baseApi,
      'auth/session': { user: null },
      'discussions/models/google/movenet': (url: URL) =>
        url.searchParams.get('pageToken') === 'p2'
          ? page([topic({ id: 3, title: 'Third' })])
          : page(
              [
                topic({ isPinned: true, isLocked: true, isEdited: true }),
                topic({ id: 2, title: '<img src=x onerror=alert(1)>' }),
              ],
              'p2',
            ),
    })
    const { history } = renderApp('/models/google/movenet?tab=discussion')
    const first = await screen.findByRole('link', { name: 'First topic' })
    expect(first.getAttribute('href')).toBe('/models/google/movenet/discussion/1')
    expect(first.parentElement!.textContent).toContain('Pinned')
    expect(first.parentElement!.textContent).toContain('Locked')
    // a hostile title is words
    expect(await screen.findByRole('link', { name: '<img src=x onerror=alert(1)>' })).toBeTruthy()
    expect(document.querySelector('.topic-list img')).toBeNull()
    expect(screen.getByRole('link', { name: 'Sign in to start a topic' })).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }))
    expect(await screen.findByRole('link', { name: 'Third' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()

    fireEvent.change(screen.getByRole('combobox', { name: 'Sort' }), {
      target: { value: 'votes' },
    })
    await waitFor(() => expect(history.get()).toContain('sort=votes'))
    await waitFor(() =>
      expect(requestedUrls(fetchMock).some((u) => u.searchParams.get('sort') === 'votes')).toBe(
        true,
      ),
    )
  })

  it('previews a new topic through the sanitizing renderer and shows a refused post', async () => {
    fakeApi({
      ...baseApi,
      'auth/session': me,
      'discussions/models/google/movenet': (url: URL) =>
        url.search === '?sort=hot' || url.search === ''
          ? { topics: [], totalResults: 0, sort: 'hot', canModerate: false }
          : {},
    })
    renderApp('/models/google/movenet?tab=discussion')
    fireEvent.click(await screen.findByRole('button', { name: 'New topic' }))
    fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'Hi' } })
    fireEvent.input(screen.getByLabelText('Body'), {
      target: { value: '**bold** <script>window.__x=1</script> [js](javascript:alert(1))' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }))
    const preview = await screen.findByLabelText('Body preview')
    expect(preview.querySelector('strong')?.textContent).toBe('bold')
    expect(preview.querySelector('script')).toBeNull()
    expect(preview.querySelector('a[href^="javascript" i]')).toBeNull()
  })
})
