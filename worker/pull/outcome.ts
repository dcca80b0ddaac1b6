// How a fetch can end without files. The messages are ours (never upstream text), because they
// are stored and shown to anonymous clients.
import { TarError } from '../lib/tar'

/** Deterministic: fetching again would end the same way, so the version is marked rejected. */
export class PullRejected extends Error {}

/** Transient: worth trying again later (5xx, timeouts, a connection cut short). */
export class PullFailed extends Error {}

/** Another fetch took the lease over: this one stops and leaves no trace. */
export class LeaseLost extends Error {}

/** The outcome to record for an error thrown while fetching. */
export function classify(err: unknown): { state: 'rejected' | 'failed'; error: string } {
  if (err instanceof PullRejected) return { state: 'rejected', error: err.message }
  if (err instanceof TarError) {
    // the reader names the member in parentheses: upstream text, left out
    const what = err.message.startsWith('tar header at byte')
      ? err.message.slice(err.message.lastIndexOf('): ') + 3)
      : err.message
    return { state: 'rejected', error: `the asset is not a valid tar archive: ${what}` }
  }
  if (err instanceof PullFailed) return { state: 'failed', error: err.message }
  if (err instanceof TypeError && /gzip|decompress|zlib|inflate|header check/i.test(err.message))
    return { state: 'rejected', error: 'the asset is not a valid gzip stream' }
  return { state: 'failed', error: 'the fetch failed' }
}
