import type { Context } from 'hono'

/**
 * Work that must not hold up or fail the answer: kept alive past the response with `waitUntil`,
 * its failure logged. Without an execution context (a test calling the app directly) it simply
 * runs on its own.
 */
export function runInBackground(c: Context, work: Promise<unknown>, what: string) {
  const logged = work.catch((err: unknown) =>
    console.error(`${what}: ${err instanceof Error ? err.message : String(err)}`),
  )
  try {
    c.executionCtx.waitUntil(logged)
  } catch {
    // Hono throws when the app was called without one: the work runs on regardless
  }
}
