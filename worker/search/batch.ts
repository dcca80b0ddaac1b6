import type { SQL } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { executeBatched } from '../../db/queries/bulk'

/** Runs read statements in one D1 round trip (one transaction), answering each one's rows. */
export async function allBatch<T>(db: Db, statements: SQL[]): Promise<T[][]> {
  if (!statements.length) return []
  return (await executeBatched(db, statements, statements.length)).map((a) => a.results as T[])
}
