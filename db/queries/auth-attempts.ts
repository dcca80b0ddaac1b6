import { eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { authAttempts } from '../schema'

/**
 * Counts one attempt for `key` in the fixed window starting at `windowStart` (a new window
 * starts the count again) and answers the count so far, in one statement.
 */
export async function countAttempt(db: Db, key: string, windowStart: number) {
  const [row] = await db
    .insert(authAttempts)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: authAttempts.key,
      set: {
        count: sql`case when ${authAttempts.windowStart} = excluded.window_start then ${authAttempts.count} + 1 else 1 end`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({ count: authAttempts.count })
  return row!.count
}

/** The attempts counted for `key` in the window starting at `windowStart`. */
export async function attemptsIn(db: Db, key: string, windowStart: number) {
  const [row] = await db.select().from(authAttempts).where(eq(authAttempts.key, key))
  return row && row.windowStart === windowStart ? row.count : 0
}
