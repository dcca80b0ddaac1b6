// The notebook page's comment thread: comments and replies through the card sanitizer, posting
// and replying when signed in, the author's edit and delete, a sign-in link when signed out.
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type {
  ApiHostedNotebookDetail,
  ApiNotebookComment,
  ListNotebookCommentsResponse,
} from '../../worker/api-types'
import { fakeApi } from './fake-api'
import { renderApp } from './render'

const me = {
  user: { username: 'ada', displayName: 'Ada', email: 'ada@example.test', isAdmin: false },
}

const detail: ApiHostedNotebookDetail = {
  owner: 'grace',
  ownerName: 'Grace',
  slug: 'pose',
  title: 'Pose estimation',
  language: 'python',
  isPrivate: false,
  voteCount: 0,
  hasVoted: false,
  forkCount: 0,
  latestVersion: 1,
  forkedFrom: null,
  createTime: '2026-12-01T00:00:00.000Z',
  updateTime: '2026-12-02T00:00:00.000Z',
  url: 'http://modelport.test/notebooks/grace/pose',
  version: {
    number: 1,
    sizeBytes: 100,
    cellCount: 1,
    sha256: 'ab'.repeat(32),
    createTime: '2026-12-02T00:00:00.000Z',
    downloadUrl: 'http://modelport.test/api/v1/notebooks/grace/pose/versions/1/ipynb',
  },
  inputs: [],
  canEdit: false,
}

const ipynb = { nbformat: 4, cells: [{ cell_type: 'markdown', source: '# Pose' }] }

const comment = (overrides: Partial<ApiNotebookComment>): ApiNotebookComment => ({
  id: 1,
  parentId: null,
  author: { slug: 'grace', name: 'Grace' },
  body: 'A comment',
  voteCount: 0,
  hasVoted: false,
  isHidden: false,
  isDeleted: false,
  isEdited: false,
  createTime: '2026-12-03T00:00:00.000Z',
  ...overrides,
})

const thread: ListNotebookCommentsResponse = {
  comments: [
    comment({
      id: 1,
      body: '**Nice** <img src=x onerror=alert(1)> [x](javascript:alert(1))',
    }),
    comment({ id: 3, parentId: 1, author: { slug: 'ada', name: 'Ada' }, body: 'Thanks' }),
    comment({ id: 2, body: '', isDeleted: true, author: { slug: null, name: 'deleted' } }),
  ],
  totalComments: 3,
  canModerate: false,
}

/** The page's answers, recording what was sent to the comment routes. */
function api(session: unknown) {
  const sent: { method: string; path: string; body: unknown }[] = []
  const fetchMock = fakeApi({
    'auth/session': session,
    'notebooks/grace/pose': detail,
    'notebooks/grace/pose/versions/1/ipynb': ipynb,
    'notebooks/grace/pose/comments': thread,
  })
  const answer = fetchMock.getMockImplementation()!
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://modelport.test')
    if (init?.method && init.method !== 'GET' && url.pathname.includes('/comments')) {
      sent.push({
        method: init.method,
        path: url.pathname,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      })
      return init.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : Response.json({ id: 9 }, { status: init.method === 'POST' ? 201 : 200 })
    }
    return answer(input, init)
  })
  return sent
}

describe('the notebook comment thread', () => {
  it('shows comments and replies inert, and the deleted one in its place', async () => {
    api({ user: null })
    renderApp('/notebooks/grace/pose')
    const section = await screen.findByRole('region', { name: '3 comments' })
    const items = within(section).getAllByRole('article')
    expect(items.map((a) => a.getAttribute('aria-label'))).toEqual([
      'Comment by Grace',
      'Comment by Ada',
      'Comment by deleted',
    ])
    expect(items[1]!.classList.contains('notebook-reply')).toBe(true)
    expect(within(items[0]!).getByText('Nice').tagName).toBe('STRONG')
    expect(section.querySelector('[onerror]')).toBeNull()
    expect(section.querySelector('a[href^="javascript:"]')).toBeNull()
    expect(within(items[2]!).getByText('This comment was deleted.')).toBeTruthy()
    // signed out: no forms, a sign-in link
    expect(within(section).queryByRole('button', { name: 'Reply' })).toBeNull()
    expect(
      within(section).getByRole('link', { name: 'Sign in to comment' }).getAttribute('href'),
    ).toBe('/signin?returnTo=%2Fnotebooks%2Fgrace%2Fpose')
  })

  it('posts a comment, a reply, and the author edits and deletes', async () => {
    const sent = api(me)
    renderApp('/notebooks/grace/pose')
    const section = await screen.findByRole('region', { name: '3 comments' })
    // the thread refreshes after each post: find the comments afresh
    const first = () => within(section).getAllByRole('article')[0]!
    const own = () => within(section).getAllByRole('article')[1]!

    // only the author's comment has Edit and Delete
    expect(within(first()).queryByRole('button', { name: 'Edit' })).toBeNull()
    const form = within(section).getByRole('form', { name: 'Your comment' })
    fireEvent.input(within(form).getByRole('textbox'), { target: { value: 'Great work' } })
    fireEvent.submit(form)
    await waitFor(() => expect(sent).toHaveLength(1))

    fireEvent.click(within(first()).getByRole('button', { name: 'Reply' }))
    const reply = within(first()).getByRole('form', { name: 'Your reply' })
    fireEvent.input(within(reply).getByRole('textbox'), { target: { value: 'Agreed' } })
    fireEvent.submit(reply)
    await waitFor(() => expect(sent).toHaveLength(2))

    fireEvent.click(within(own()).getByRole('button', { name: 'Edit' }))
    const edit = within(own()).getByRole('form', { name: 'Edit comment' })
    fireEvent.input(within(edit).getByRole('textbox'), { target: { value: 'Thanks a lot' } })
    fireEvent.submit(edit)
    await waitFor(() => expect(sent).toHaveLength(3))

    const confirm = window.confirm
    window.confirm = () => true
    try {
      fireEvent.click(await within(own()).findByRole('button', { name: 'Delete' }))
      await waitFor(() => expect(sent).toHaveLength(4))
    } finally {
      window.confirm = confirm
    }
    expect(sent).toEqual([
      {
        method: 'POST',
        path: '/api/v1/notebooks/grace/pose/comments',
        body: { body: 'Great work' },
      },
      {
        method: 'POST',
        path: '/api/v1/notebooks/grace/pose/comments',
        body: { body: 'Agreed', parentId: 1 },
      },
      {
        method: 'PATCH',
        path: '/api/v1/notebooks/grace/pose/comments/3',
        body: { body: 'Thanks a lot' },
      },
      { method: 'DELETE', path: '/api/v1/notebooks/grace/pose/comments/3', body: undefined },
    ])
  })
})
