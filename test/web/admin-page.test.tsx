import { fireEvent, screen } from '@solidjs/testing-library'
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
