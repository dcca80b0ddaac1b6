// Which URLs the pull-through may fetch: https only, on the default port, from an allowlist of
// host names (PULL_ALLOWED_HOSTS), never an IP literal. Every redirect hop is checked again.
import { PullRejected } from './outcome'

export interface UrlPolicy {
  /** exact host names, or `*.example.com` for its subdomains */
  allowedHosts: string[]
  /** one exact origin allowed besides (plain http, a port): the local source server, tests only */
  testOrigin?: string
}

export function urlPolicyFromEnv(env: Pick<Env, 'PULL_ALLOWED_HOSTS' | 'PULL_TEST_ORIGIN'>) {
  return {
    allowedHosts: (env.PULL_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    testOrigin: env.PULL_TEST_ORIGIN || undefined,
  } satisfies UrlPolicy
}

const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/

/** The URL, parsed, when the policy allows it; PullRejected naming the reason otherwise. */
export function checkUrl(raw: string, policy: UrlPolicy): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new PullRejected('the asset URL is not a valid URL')
  }
  if (policy.testOrigin && url.origin === policy.testOrigin) return url
  if (url.protocol !== 'https:')
    throw new PullRejected(`only https URLs are fetched, not ${url.protocol}`)
  if (url.username || url.password) throw new PullRejected('URLs with credentials are not fetched')
  // the URL parser writes every IPv4 form (decimal, hex, short) as dotted quads, IPv6 in brackets
  if (ipv4.test(url.hostname) || url.hostname.startsWith('['))
    throw new PullRejected('URLs naming an IP address are not fetched')
  if (url.port) throw new PullRejected('URLs with a port other than 443 are not fetched')
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  const allowed = policy.allowedHosts.some((pattern) =>
    pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern,
  )
  if (!allowed) throw new PullRejected(`the host ${host} is not on the list of asset hosts`)
  return url
}
