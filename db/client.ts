import { drizzle } from 'drizzle-orm/d1'
import * as schema from './schema'

// drizzle() walks the whole schema on every call (~0.4 ms); a binding keeps its instance
const instances = new WeakMap<D1Database, ReturnType<typeof drizzleOf>>()
const drizzleOf = (d1: D1Database) => drizzle(d1, { schema })

export function createDb(d1: D1Database) {
  let db = instances.get(d1)
  if (!db) instances.set(d1, (db = drizzleOf(d1)))
  return db
}

export type Db = ReturnType<typeof createDb>
