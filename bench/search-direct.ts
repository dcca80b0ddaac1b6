// The list endpoint's database work, runnable in Node on a D1 stand-in over better-sqlite3: the
// search bench bundles this with esbuild to record the exact statements one request runs, which
// it then times directly on the same SQLite file as the baseline.
import { createDb } from '../db/client'
import { listModels } from '../worker/search/list-entries'
import type { SearchParams } from '../worker/search/plan'

export interface Recorded {
  sql: string
  params: unknown[]
  /** the D1 round trip it went in: statements of one batch share it */
  round: number
}

interface Sqlite {
  prepare(sql: string): {
    all(...params: unknown[]): unknown[]
    raw(on: boolean): { all(...params: unknown[]): unknown[][] }
    run(...params: unknown[]): { changes: number }
  }
}

const value = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v)

/** A D1Database over better-sqlite3 that records every statement it runs, and in which round trip. */
export function recordingD1(sqlite: Sqlite, log: Recorded[]) {
  let rounds = 0
  const record = (sql: string, params: unknown[], round = ++rounds) => {
    log.push({ sql, params, round })
    return sqlite.prepare(sql)
  }
  const statement = (sql: string, params: unknown[] = []) => ({
    bind: (...next: unknown[]) => statement(sql, next.map(value)),
    all: async (round?: number) => ({
      results: record(sql, params, round).all(...params),
      success: true,
      meta: {},
    }),
    raw: async () =>
      record(sql, params)
        .raw(true)
        .all(...params),
    first: async (column?: string) => {
      const row = record(sql, params).all(...params)[0] as Record<string, unknown> | undefined
      return column ? row?.[column] : (row ?? null)
    },
    run: async () => ({
      success: true,
      meta: { changes: record(sql, params).run(...params).changes },
    }),
  })
  return {
    prepare: (sql: string) => statement(sql),
    batch: async (statements: ReturnType<typeof statement>[]) => {
      const round = ++rounds
      return Promise.all(statements.map((s) => s.all(round)))
    },
  }
}

/** What GET /api/v1/models/list asks of the database for these search parameters. */
export async function listRequest(d1: unknown, params: SearchParams) {
  const db = createDb(d1 as D1Database)
  const page = await listModels(db, params)
  return { total: page.total, ids: page.rows.map((r) => r.id), next: page.next }
}
