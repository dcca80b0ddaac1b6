import { fireEvent, screen, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type { ModelStatsResponse } from '../../worker/api-types'
import { UsagePanel } from '../../web/src/components/usage-panel'
import { errorResponse, fakeApi, requestedUrls } from './fake-api'
import { renderWithRouter } from './render'

// jsdom has no matchMedia, which uPlot reads as it loads; the chart itself is drawn in chromium
window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  }) as unknown as MediaQueryList

/** The API's answer for `days` days ending 2026-12-05, with downloads on the last day only. */
function statsFor(days: number): ModelStatsResponse {
  const daily = Array.from({ length: days }, (_, i) => ({
    day: new Date(Date.UTC(2026, 11, 5 - (days - 1 - i))).toISOString().slice(0, 10),
    downloads: i === days - 1 ? 12 : 0,
    uniqueDownloaders: i === days - 1 ? 9 : 0,
    votes: i === days - 1 ? 1 : 0,
  }))
  const zeros = daily.map(() => 0)
  return {
    ref: 'google/movenet',
    from: daily[0]!.day,
    to: daily.at(-1)!.day,
    daily,
    variations: [
      {
        framework: 'MODEL_FRAMEWORK_TF_JS',
        frameworkSlug: 'tfJs',
        slug: 'singlepose-lightning',
        daily: [...zeros.slice(1), 10],
        downloadsInRange: 10,
        downloadCount: 40,
      },
      {
        framework: 'MODEL_FRAMEWORK_TF_LITE',
        frameworkSlug: 'tfLite',
        slug: 'singlepose-thunder',
        daily: [...zeros.slice(1), 2],
        downloadsInRange: 2,
        downloadCount: 5,
      },
    ],
    downloadsInRange: 12,
    uniqueDownloadersInRange: 9,
    votesInRange: 1,
    downloadCount: 45,
    voteCount: 3,
  }
}

describe('the usage panel', () => {
  it('shows the range, the variations and a CSV link, and asks again for another range', async () => {
    const fetchMock = fakeApi({
      'stats/models/google/movenet': (url: URL) => statsFor(Number(url.searchParams.get('days'))),
    })
    renderWithRouter(() => <UsagePanel owner="google" model="movenet" />)
    expect(await screen.findByText('12')).toBeTruthy()
    expect(screen.getByText(/and 1 vote in the last 90 days/)).toBeTruthy()
    const rows = within(
      screen.getByRole('table', { name: 'Downloads per variation' }),
    ).getAllByRole('row')
    expect(rows.map((r) => r.textContent)).toEqual([
      'VariationDownloads',
      'singlepose-lightning · TF.js10',
      'singlepose-thunder · TFLite2',
    ])
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/v1/stats/models/google/movenet?days=90&format=csv',
    )

    fireEvent.click(screen.getByRole('button', { name: '30 days' }))
    expect(await screen.findByText(/and 1 vote in the last 30 days/)).toBeTruthy()
    expect(screen.getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe(
      'true',
    )
    expect(requestedUrls(fetchMock).map((u) => u.searchParams.get('days'))).toEqual(['90', '30'])
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/v1/stats/models/google/movenet?days=30&format=csv',
    )
  })

  it('says so when the figures cannot be loaded', async () => {
    fakeApi({
      'stats/models/google/movenet': () => errorResponse(503, 'UNAVAILABLE', 'try later'),
    })
    renderWithRouter(() => <UsagePanel owner="google" model="movenet" />)
    expect(await screen.findByText('Usage figures could not be loaded.')).toBeTruthy()
  })
})
