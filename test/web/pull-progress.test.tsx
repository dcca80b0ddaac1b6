// A TF Hub version's files, fetched by Modelport on first ask (docs/pull-through.md): the API
// answers 202 with the fetch's progress and a Retry-After until the files are in, or a 502.
import { fireEvent, screen, waitFor } from '@solidjs/testing-library'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { errorResponse, fakeApi, requestedUrls } from './fake-api'
import { makeFile, makeInstance, makeModel, makeVersion } from './fixtures'
import { renderApp } from './render'

const filesPath = 'models/google/blazeface/tfJs/default/1/files'
const files = [
  makeFile({ name: 'model.json', size: 161_813 }),
  makeFile({ name: 'group1-shard1of1.bin', size: 4_538_187 }),
]

/** The model page of a TF Hub version without stored files, its files answered by `answerFiles`. */
function tfhubModel(answerFiles: () => Response) {
  let versionsAsked = 0
  const fetchMock = fakeApi({
    'models/google/blazeface/get': makeModel({
      ownerSlug: 'google',
      slug: 'blazeface',
      provenance: 'tfhub',
      instances: [makeInstance({ handle: 'google/blazeface/tfJs/default' })],
    }),
    'models/google/blazeface/tfJs/default/versions': () => {
      versionsAsked++
      return {
        versions: [
          makeVersion({
            source: {
              kind: 'Tfjs',
              handle: 'tensorflow/tfjs-model/blazeface/1/default/1',
              version: 1,
              url: 'https://tfhub.dev/tensorflow/tfjs-model/blazeface/1/default/1',
              format: 'tfjs',
            },
          }),
        ],
      }
    },
    [filesPath]: answerFiles,
  })
  return { fetchMock, versionsAsked: () => versionsAsked }
}

function fetching(receivedBytes: number, totalBytes: number | null) {
  const message = 'the files of this version are being fetched from TF Hub'
  return Response.json(
    {
      code: 202,
      message,
      error: {
        code: 'ACCEPTED',
        message,
        details: { status: 'fetching', receivedBytes, totalBytes },
      },
    },
    { status: 202, headers: { 'retry-after': '2' } },
  )
}

const filesAsked = (fetchMock: ReturnType<typeof fakeApi>) =>
  requestedUrls(fetchMock).filter((url) => url.pathname === `/api/v1/${filesPath}`).length

// the variation's page, not the version's: a deep link to a version prefetches its files
async function startFetch() {
  renderApp('/models/google/blazeface/tfJs/default')
  fireEvent.click(await screen.findByRole('button', { name: 'Fetch the files from TF Hub' }))
}

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('fetching a TF Hub version’s files', () => {
  it('shows the progress of each poll, then the files', async () => {
    const answers = [
      () => fetching(0, null),
      () => fetching(1_200_000, 4_700_000),
      () => fetching(3_500_000, 4_700_000),
      () => Response.json({ files, nextPageToken: '', totalResults: 2, totalBytes: 4_700_000 }),
    ]
    // once in, the files stay
    const { fetchMock, versionsAsked } = tfhubModel(() =>
      (answers.length > 1 ? answers.shift()! : answers[0]!)(),
    )
    await startFetch()

    // queued, size not known yet: a bar without a value
    await screen.findByText('Fetching the files from TF Hub…')
    expect(screen.getByRole('progressbar', { name: 'Files fetched from TF Hub' })).toBeTruthy()
    expect(screen.getByRole('progressbar').hasAttribute('value')).toBe(false)
    expect(filesAsked(fetchMock)).toBe(1)

    // the next poll comes at Retry-After (2 s), not before
    await vi.advanceTimersByTimeAsync(1500)
    expect(filesAsked(fetchMock)).toBe(1)
    await vi.advanceTimersByTimeAsync(600)
    await screen.findByText('1.2 MB of 4.7 MB')
    let bar = screen.getByRole('progressbar', { name: 'Files fetched from TF Hub' })
    expect([bar.getAttribute('value'), bar.getAttribute('max')]).toEqual(['1200000', '4700000'])
    expect(bar.getAttribute('aria-valuetext')).toBe('1.2 MB of 4.7 MB')
    expect(screen.getByRole('status').textContent).toBe(
      'Fetching the files from TF Hub… 1.2 MB of 4.7 MB',
    )

    await vi.advanceTimersByTimeAsync(2100)
    await screen.findByText('3.5 MB of 4.7 MB')
    bar = screen.getByRole('progressbar', { name: 'Files fetched from TF Hub' })
    expect(bar.getAttribute('value')).toBe('3500000')

    const versionsBefore = versionsAsked()
    await vi.advanceTimersByTimeAsync(2100)
    const download = await screen.findByRole('link', { name: 'Download model.json' })
    expect(download.getAttribute('href')).toBe(files[0]!.url)
    expect(screen.queryByRole('progressbar')).toBeNull()
    // the versions are read again (sizes, archive), and nothing polls any more
    await waitFor(() => expect(versionsAsked()).toBe(versionsBefore + 1))
    const asked = filesAsked(fetchMock)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(filesAsked(fetchMock)).toBe(asked)
    // every poll said the SPA polls by itself, so the server answers at once
    for (const [input, init] of fetchMock.mock.calls)
      if (String(input).includes(filesPath))
        expect(new Headers(init?.headers).get('prefer')).toBe('respond-async')
  }, 15_000)

  it('shows a failed fetch as an error with its retry time, and stops polling', async () => {
    const failed = errorResponse(
      502,
      'BAD_GATEWAY',
      'could not fetch the files of this version from TF Hub: the asset host answered 503',
    )
    failed.headers.set('retry-after', '120')
    const answers = [() => fetching(1_200_000, 4_700_000), () => failed]
    const { fetchMock } = tfhubModel(() => answers.shift()!())
    await startFetch()
    await screen.findByText('1.2 MB of 4.7 MB')

    await vi.advanceTimersByTimeAsync(2100)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe(
      'could not fetch the files of this version from TF Hub: the asset host answered 503. Try again in 2 minutes.',
    )
    expect(alert.classList.contains('notice-error')).toBe(true)
    expect(screen.queryByRole('progressbar')).toBeNull()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(filesAsked(fetchMock)).toBe(2)
    // the button is back, to ask again
    expect(screen.getByRole('button', { name: 'Fetch the files from TF Hub' })).toBeTruthy()
  })

  it('shows a rejected fetch’s message as it is', async () => {
    const { fetchMock } = tfhubModel(() =>
      errorResponse(
        502,
        'BAD_GATEWAY',
        'the files of this version cannot be taken from TF Hub: the asset is over 4294967296 bytes',
      ),
    )
    await startFetch()
    expect((await screen.findByRole('alert')).textContent).toBe(
      'the files of this version cannot be taken from TF Hub: the asset is over 4294967296 bytes',
    )
    await vi.advanceTimersByTimeAsync(5000)
    expect(filesAsked(fetchMock)).toBe(1)
  })
})
