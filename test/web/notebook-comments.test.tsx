// The notebook page's comment thread: comments and replies through the card sanitizer, posting
// and replying when signed in, the author's edit and delete, a sign-in link when signed out;
// votes, a moderator's hide and unhide, a reader's report, hidden comments in their place.
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
function api(session: unknown, comments: ListNotebookCommentsResponse = thread) {
  const sent: { method: string; path: string; body: unknown }[] = []
  const fetchMock = fakeApi({
    'auth/session': session,
    'notebooks/grace/pose': detail,
    'notebooks/grace/pose/versions/1/ipynb': ipynb,
    'notebooks/grace/pose/comments': comments,
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
      if (url.pathname.startsWith('/api/v1/votes/'))
        return Response.json({
          voteCount: init.method === 'PUT' ? 1 : 0,
          hasVoted: init.method === 'PUT',
        })
      return init.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : Response.json({ id: 9 }, { status: init.method === 'POST' ? 201 : 200 })
    }
    return answer(input, init)
  })
  return sent
}

const hiddenFromReaders: ListNotebookCommentsResponse = {
  comments: [
    comment({ id: 1, isHidden: true, body: '', author: { slug: null, name: 'hidden' } }),
    comment({ id: 3, parentId: 1, author: { slug: 'ada', name: 'Ada' }, body: 'Thanks' }),
  ],
  totalComments: 2,
  canModerate: false,
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

  it('upvotes a comment with the discussions’ vote button, its count in its name', async () => {
    const sent = api(me)
    renderApp('/notebooks/grace/pose')
    const section = await screen.findByRole('region', { name: '3 comments' })
    const first = within(section).getAllByRole('article')[0]!
    const button = within(first).getByRole('button', { name: 'Upvote this comment, 0 votes' })
    expect(button.getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(button)
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('true'))
    expect(button.getAttribute('aria-label')).toBe('Upvote this comment, 1 votes')
    expect(sent).toEqual([
      { method: 'PUT', path: '/api/v1/votes/notebooks/grace/pose/comments/1', body: undefined },
    ])
  })

  it('signed out, the vote buttons are links to sign in', async () => {
    api({ user: null })
    renderApp('/notebooks/grace/pose')
    const section = await screen.findByRole('region', { name: '3 comments' })
    const link = within(section).getAllByRole('link', { name: /^Upvote this comment \(sign in/ })
    expect(link).toHaveLength(3)
    expect(link[0]!.getAttribute('href')).toBe('/signin?returnTo=%2Fnotebooks%2Fgrace%2Fpose')
  })

  it('reports another’s comment with a reason; never one’s own', async () => {
    const sent = api(me)
    renderApp('/notebooks/grace/pose')
    const section = await screen.findByRole('region', { name: '3 comments' })
    const [first, own] = within(section).getAllByRole('article')
    expect(within(own!).queryByRole('button', { name: 'Report' })).toBeNull()
    // readers who are no moderators have no Hide
    expect(within(section).queryByRole('button', { name: 'Hide' })).toBeNull()
    const report = within(first!).getByRole('button', { name: 'Report' })
    expect(report.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(report)
    const reason = within(first!).getByRole('textbox', {
      name: 'Why should moderators look at this comment?',
    })
    fireEvent.input(reason, { target: { value: 'Spam link' } })
    fireEvent.submit(reason.closest('form')!)
    expect(await within(first!).findByRole('status')).toHaveProperty(
      'textContent',
      'Reported. Thank you.',
    )
    expect(sent).toEqual([
      {
        method: 'POST',
        path: '/api/v1/notebooks/grace/pose/comments/1/reports',
        body: { reason: 'Spam link' },
      },
    ])
  })

  it('shows a hidden comment’s place without its words; its replies stay', async () => {
    api(me, hiddenFromReaders)
    renderApp('/notebooks/grace/pose')
    const section = await screen.findByRole('region', { name: '2 comments' })
    const [hidden, reply] = within(section).getAllByRole('article')
    expect(hidden!.getAttribute('aria-label')).toBe('Comment by hidden')
    expect(within(hidden!).getByText('This comment is hidden by a moderator.')).toBeTruthy()
    expect(within(hidden!).getByText('Hidden')).toBeTruthy()
    expect(within(hidden!).queryByRole('button', { name: 'Reply' })).toBeNull()
    expect(within(hidden!).queryByRole('button', { name: /Hide|Unhide/ })).toBeNull()
    // its words are withheld: nothing a reader could report
    expect(within(hidden!).queryByRole('button', { name: 'Report' })).toBeNull()
    expect(within(reply!).getByText('Thanks')).toBeTruthy()
  })

  it('lets a moderator see a hidden comment’s words, unhide it and hide another', async () => {
    const sent = api(me, {
      comments: [
        comment({ id: 1, isHidden: true, body: 'Rude words' }),
        comment({ id: 2, body: 'Fine words' }),
      ],
      totalComments: 2,
      canModerate: true,
    })
    renderApp('/notebooks/grace/pose')
    const section = await screen.findByRole('region', { name: '2 comments' })
    const [hidden, shown] = within(section).getAllByRole('article')
    expect(within(hidden!).getByText('Rude words')).toBeTruthy()
    expect(within(hidden!).getByText('Hidden')).toBeTruthy()
    fireEvent.click(within(hidden!).getByRole('button', { name: 'Unhide' }))
    await waitFor(() => expect(sent).toHaveLength(1))
    fireEvent.click(within(shown!).getByRole('button', { name: 'Hide' }))
    await waitFor(() => expect(sent).toHaveLength(2))
    expect(sent).toEqual([
      {
        method: 'PUT',
        path: '/api/v1/notebooks/grace/pose/comments/1/moderation',
        body: { hidden: false },
      },
      {
        method: 'PUT',
        path: '/api/v1/notebooks/grace/pose/comments/2/moderation',
        body: { hidden: true },
      },
    ])
  })
})
