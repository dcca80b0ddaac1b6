// The ledger of R2 multipart uploads in progress (docs/pull-through.md, "Fencing and cleanup"):
// R2's Worker binding cannot list incomplete uploads, so they are recorded here while they run.
import { and, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { multipartUploads } from '../schema'

/** Records the uploads of one owner (a pull-through lease token) while they run. */
export function multipartLedger(db: Db, owner: string) {
  return {
    started: async (key: string, uploadId: string) => {
      await db.insert(multipartUploads).values({ key, uploadId, owner })
    },
    ended: (uploadId: string) => forgetMultipartUploads(db, [uploadId]),
  }
}

export async function forgetMultipartUploads(db: Db, uploadIds: string[]) {
  if (uploadIds.length)
    await db.delete(multipartUploads).where(inArray(multipartUploads.uploadId, uploadIds))
}

/**
 * Uploads started before `startedBefore` whose owner holds no live pull-through lease at `now`:
 * their Worker died before completing or aborting them. At most `limit`, oldest first.
 */
export async function abandonedMultipartUploads(
  db: Db,
  startedBefore: Date,
  now: Date,
  limit = 50,
) {
  return db
    .select({
      key: multipartUploads.key,
      uploadId: multipartUploads.uploadId,
      createdAt: multipartUploads.createdAt,
    })
    .from(multipartUploads)
    .where(
      and(
        lt(multipartUploads.createdAt, startedBefore),
        sql`not exists (select 1 from versions v where v.asset_lease_token = ${multipartUploads.owner}
          and v.asset_state = 'fetching' and v.asset_lease_until >= ${now.getTime()})`,
      ),
    )
    .orderBy(multipartUploads.createdAt)
    .limit(limit)
}
