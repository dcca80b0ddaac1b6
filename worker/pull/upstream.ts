// Fetches an asset URL, following redirects by hand so that every hop passes the URL policy.
import { PullFailed, PullRejected } from './outcome'
import { checkUrl, type UrlPolicy } from './policy'

const maxRedirects = 5
const redirectStatuses = new Set([301, 302, 303, 307, 308])

/** The upstream's 2xx answer with a body; PullRejected or PullFailed otherwise. */
export async function fetchUpstream(raw: string, policy: UrlPolicy, signal: AbortSignal) {
  let url = checkUrl(raw, policy)
  for (let hop = 0; ; hop++) {
    let response: Response
    try {
      response = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': 'modelport-pull-through' },
      })
    } catch (err) {
      if (signal.aborted) throw signal.reason
      throw new PullFailed('could not reach the asset host', { cause: err })
    }
    if (redirectStatuses.has(response.status)) {
      await response.body?.cancel()
      if (hop >= maxRedirects) throw new PullRejected(`more than ${maxRedirects} redirects`)
      const location = response.headers.get('location')
      if (!location) throw new PullRejected('a redirect without a Location')
      url = checkUrl(new URL(location, url).href, policy)
      continue
    }
    if (response.ok && response.body) return response
    await response.body?.cancel()
    const status = response.status
    // 408, 429 and 5xx may pass; any other refusal will be the same next time
    if (status === 408 || status === 429 || status >= 500)
      throw new PullFailed(`the asset host answered ${status}`)
    throw new PullRejected(`the asset host answered ${status}`)
  }
}
