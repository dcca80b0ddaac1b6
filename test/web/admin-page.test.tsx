import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { afterEach, describe, expect, it } from 'vitest'
import { errorResponse, fakeApi, requestedUrls } from './fake-api'
import { renderApp } from './render'

const lastRun = {
  id: 7,
  job: 'tfhub',
  trigger: 'cron',
  status: 'succeeded',
  sourceRevision: '81fdea8ffa53b5acbd66a012d17fb8f9602c714b',
  filesSeen: 2827,
  filesChanged: 4,
  filesAdded: 1,
  filesUnlisted: 1,
  errorCount: 1,
  errorsJson: JSON.stringify([
    { path: 'assets/docs/google/models/yamnet/1.md', message: 'line 1 is not a TF Hub header' },
  ]),
  message: null,
  cpuMs: 120,
  wallMs: 2100,
  subrequests: 2,
  startedAt: '2026-11-27T10:00:00.000Z',
  finishedAt: '2026-11-27T10:00:02.100Z',
}

afterEach(() => sessionStorage.clear())

describe('the operations page', () => {
  it("asks for the operator token, then shows the sync's last run with its file errors", async () => {
    const fetchMock = fakeApi({
      'admin/sync/runs': { runs: [lastRun, { ...lastRun, id: 6, status: 'failed' }] },
    })
    renderApp('/admin')
    fireEvent.input(await screen.findByLabelText('Operator token'), { target: { value: 'secret' } })
    fireEvent.click(screen.getByRole('button', { name: 'Show sync runs' }))
    expect(await screen.findByRole('heading', { name: /Last TF Hub sync: succeeded/ })).toBeTruthy()
    expect(screen.getByText('2,827 seen, 4 changed, 1 added, 1 unlisted')).toBeTruthy()
    expect(screen.getByText('assets/docs/google/models/yamnet/1.md')).toBeTruthy()
    expect(
      screen.getByRole('table', { name: 'Recent runs' }).querySelectorAll('tbody tr'),
    ).toHaveLength(2)
    const request = fetchMock.mock.calls.find(([input]) =>
      String(input).includes('admin/sync/runs'),
    )
    expect((request![1] as RequestInit).headers).toMatchObject({ authorization: 'Bearer secret' })
    expect(requestedUrls(fetchMock).some((u) => u.search.includes('secret'))).toBe(false)
  })

  it('says so when the token is refused', async () => {
    fakeApi({
      'admin/sync/runs': () => errorResponse(401, 'UNAUTHORIZED', 'invalid admin credentials'),
    })
    sessionStorage.setItem('modelport-admin-token', 'wrong')
    renderApp('/admin')
    expect(await screen.findByText('invalid admin credentials')).toBeTruthy()
  })
})

describe('the moderation queue', () => {
  it('lists open reports and suggestions as text, and resolves and accepts them', async () => {
    sessionStorage.setItem('modelport-admin-token', 'secret')
    const fetchMock = fakeApi({
      'admin/sync/runs': { runs: [] },
      'admin/reports': {
        reports: [
          {
            id: 4,
            targetKind: 'comment',
            targetId: 9,
            topicId: 2,
            model: 'google/movenet',
            text: '<img src=x onerror=alert(1)> buy now',
            reason: 'spam',
            reporter: 'ada',
            status: 'open',
            createTime: '2026-12-01T00:00:00.000Z',
          },
          {
            id: 6,
            targetKind: 'notebook_comment',
            targetId: 12,
            topicId: null,
            model: null,
            notebook: 'grace/pose',
            text: 'Off-topic words',
            reason: 'off topic',
            reporter: 'ada',
            status: 'open',
            createTime: '2026-12-01T00:00:00.000Z',
          },
        ],
      },
      'admin/reports/4': { id: 4, status: 'resolved' },
      'admin/suggestions': {
        suggestions: [
          {
            id: 5,
            name: 'Model zoo',
            url: 'https://zoo.example.test',
            note: '',
            status: 'new',
            adminNote: '',
            username: 'ada',
            createTime: '2026-12-01T00:00:00.000Z',
            updateTime: '2026-12-01T00:00:00.000Z',
          },
        ],
      },
      'admin/suggestions/5': {},
    })
    renderApp('/admin')
    const reported = await screen.findByText('<img src=x onerror=alert(1)> buy now')
    expect(reported.querySelector('img')).toBeNull()
    expect(screen.getByRole('link', { name: 'google/movenet' }).getAttribute('href')).toBe(
      '/models/google/movenet/discussion/2',
    )
    // a notebook comment's report links to its notebook
    const notebookReport = screen.getByText('Off-topic words').closest('li')!
    expect(notebookReport.textContent).toMatch(
      /^A notebook comment in grace\/pose, reported by ada/,
    )
    expect(
      within(notebookReport).getByRole('link', { name: 'grace/pose' }).getAttribute('href'),
    ).toBe('/notebooks/grace/pose')
    fireEvent.click(screen.getAllByRole('button', { name: 'Resolve' })[0]!)
    fireEvent.click(await screen.findByRole('button', { name: 'Accept' }))
    await waitFor(() => {
      const writes = fetchMock.mock.calls.filter(([, init]) => init?.method === 'PATCH')
      expect(writes.map(([u, init]) => [String(u), init!.body])).toEqual([
        ['/api/v1/admin/reports/4', '{"status":"resolved"}'],
        ['/api/v1/admin/suggestions/5', '{"status":"accepted"}'],
      ])
    })
  })
})
