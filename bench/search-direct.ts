// The list endpoint's database work, runnable in Node on a D1 stand-in over better-sqlite3: the
// search bench bundles this with esbuild to record the exact statements one request runs, which
// it then times directly on the same SQLite file as the baseline.
import { createDb } from '../db/client'
import { listModels } from '../db/queries/models'
import type { SearchParams } from '../db/queries/search'

export interface Recorded {
  sql: string
  params: unknown[]
}

interface Sqlite {
  prepare(sql: string): { all(...params: unknown[]): unknown[]; raw(on: boolean): { all(...params: unknown[]): unknown[][] }; run(...params: unknown[]): { changes: number } }
}

const value = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v)

/** A D1Database over better-sqlite3 that records every statement it runs. */
export function recordingD1(sqlite: Sqlite, log: Recorded[]) {
  const statement = (sql: string, params: unknown[] = []) => ({
    bind: (...next: unknown[]) => statement(sql, next.map(value)),
    all: async () => {
      log.push({ sql, params })
      return { results: sqlite.prepare(sql).all(...params), success: true, meta: {} }
    },
    raw: async () => {
      log.push({ sql, params })
      return sqlite.prepare(sql).raw(true).all(...params)
    },
    first: async (column?: string) => {
      log.push({ sql, params })
      const row = sqlite.prepare(sql).all(...params)[0] as Record<string, unknown> | undefined
      return column ? row?.[column] : (row ?? null)
    },
    run: async () => {
      log.push({ sql, params })
      return { success: true, meta: { changes: sqlite.prepare(sql).run(...params).changes } }
    },
  })
  return {
    prepare: (sql: string) => statement(sql),
    batch: async (statements: ReturnType<typeof statement>[]) => Promise.all(statements.map((s) => s.all())),
  }
}

/** What GET /api/v1/models/list asks of the database for these search parameters. */
export async function listRequest(d1: unknown, params: SearchParams) {
  const db = createDb(d1 as D1Database)
  const page = await listModels(db, params)
  return { total: page.total, ids: page.rows.map((r) => r.id), next: page.next }
}
