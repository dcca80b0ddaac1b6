import type { DehydratedState } from '@tanstack/solid-query'

type Written = { hydrationData?: DehydratedState['queries'][number] } | null | undefined

/** A value the server wrote; a resource's is a settled promise carrying it (seroval: s 1, v). */
const settled = (value: unknown) =>
  value instanceof Promise
    ? (value as unknown as { s?: number; v?: unknown }).s === 1
      ? (value as unknown as { v?: unknown }).v
      : undefined
    : value

/**
 * The queries a server render drew from (docs/ssr.md): each query's resource was written into
 * Solid's `_$HY.r` with the query's state (solid-query's `hydrationData`). The cache gets them
 * before the app first draws, so that the first draw is the server's.
 */
export function serverQueries(resources: Record<string, unknown>): DehydratedState {
  const queries = Object.values(resources).flatMap((value) => {
    const data = (settled(value) as Written)?.hydrationData
    return data ? [data] : []
  })
  return { queries, mutations: [] }
}
