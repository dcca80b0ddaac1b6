import { and, eq, inArray, lt, ne, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { uploadSessions } from '../schema'

export type UploadSession = typeof uploadSessions.$inferSelect
export interface StoredPart {
  partNumber: number
  etag: string
}

export async function createUploadSession(
  db: Db,
  row: Pick<
    UploadSession,
    | 'token'
    | 'userId'
    | 'fileName'
    | 'contentLength'
    | 'r2Key'
    | 'multipartId'
    | 'declaredSha256'
    | 'expiresAt'
  >,
) {
  await db.insert(uploadSessions).values(row)
}

export async function getUploadSession(db: Db, token: string) {
  const [row] = await db.select().from(uploadSessions).where(eq(uploadSessions.token, token))
  return row
}

/** Bytes a user has declared in uploads that were not aborted: what the quota counts. */
export async function uploadedBytesOf(db: Db, userId: number) {
  const [row] = await db
    .select({ bytes: sql<number>`coalesce(sum(${uploadSessions.contentLength}), 0)` })
    .from(uploadSessions)
    .where(and(eq(uploadSessions.userId, userId), ne(uploadSessions.status, 'aborted')))
  return row?.bytes ?? 0
}

/**
 * Records the parts stored so far, only if no other request moved the session on since
 * `fromBytes` was read: false when one did.
 */
export async function recordParts(
  db: Db,
  token: string,
  fromBytes: number,
  parts: StoredPart[],
  receivedBytes: number,
) {
  const rows = await db
    .update(uploadSessions)
    .set({ partsJson: JSON.stringify(parts), receivedBytes })
    .where(
      and(
        eq(uploadSessions.token, token),
        eq(uploadSessions.status, 'open'),
        eq(uploadSessions.receivedBytes, fromBytes),
      ),
    )
    .returning({ token: uploadSessions.token })
  return rows.length === 1
}

export async function markUploadComplete(
  db: Db,
  token: string,
  done: { r2Key: string; sha256: string; md5: string; receivedBytes: number },
) {
  await db
    .update(uploadSessions)
    .set({ ...done, status: 'complete', completedAt: new Date(), partsJson: '[]' })
    .where(and(eq(uploadSessions.token, token), eq(uploadSessions.status, 'open')))
}

export async function markUploadAborted(db: Db, token: string) {
  await db
    .update(uploadSessions)
    .set({ status: 'aborted', partsJson: '[]' })
    .where(eq(uploadSessions.token, token))
}

/** The caller's complete uploads among `tokens`. */
export async function completeUploadsOf(db: Db, userId: number, tokens: string[]) {
  if (!tokens.length) return []
  return db
    .select()
    .from(uploadSessions)
    .where(
      and(
        inArray(uploadSessions.token, tokens),
        eq(uploadSessions.userId, userId),
        eq(uploadSessions.status, 'complete'),
      ),
    )
}

/** Marks the uploads consumed, all or none: false when one was taken meanwhile. */
export async function consumeUploads(db: Db, userId: number, tokens: string[]) {
  const rows = await db
    .update(uploadSessions)
    .set({ status: 'consumed' })
    .where(
      and(
        inArray(uploadSessions.token, tokens),
        eq(uploadSessions.userId, userId),
        eq(uploadSessions.status, 'complete'),
      ),
    )
    .returning({ token: uploadSessions.token })
  if (rows.length === tokens.length) return true
  // put back what this call took: another create holds the rest
  await db
    .update(uploadSessions)
    .set({ status: 'complete' })
    .where(
      inArray(
        uploadSessions.token,
        rows.map((r) => r.token),
      ),
    )
  return false
}

/** Open or complete uploads past their expiry: the cron aborts them and frees their bytes. */
export async function expiredUploads(db: Db, now: Date, limit: number) {
  return db
    .select()
    .from(uploadSessions)
    .where(
      and(inArray(uploadSessions.status, ['open', 'complete']), lt(uploadSessions.expiresAt, now)),
    )
    .limit(limit)
}

/**
 * The members of an unpacked archive, recorded as its owner's uploads already consumed by the
 * version being made, while the archive is given up with its quota: one batch, so the quota
 * counts either the archive or its members. Recording again (a retried unpack) changes nothing.
 */
export async function commitUnpackedUploads(
  db: Db,
  archiveToken: string,
  rows: Pick<
    UploadSession,
    'token' | 'userId' | 'fileName' | 'contentLength' | 'r2Key' | 'sha256' | 'md5' | 'expiresAt'
  >[],
) {
  const now = new Date()
  await db.batch([
    db
      .update(uploadSessions)
      .set({ status: 'aborted', partsJson: '[]' })
      .where(eq(uploadSessions.token, archiveToken)),
    ...rows.map((row) =>
      db
        .insert(uploadSessions)
        .values({ ...row, receivedBytes: row.contentLength, status: 'consumed', completedAt: now })
        .onConflictDoNothing(),
    ),
  ])
}

/** The members recorded by commitUnpackedUploads: their tokens are the archive's plus `.n`. */
export async function unpackedUploadsOf(db: Db, archiveToken: string) {
  return db
    .select()
    .from(uploadSessions)
    .where(
      and(
        sql`${uploadSessions.token} > ${`${archiveToken}.`}`,
        sql`${uploadSessions.token} < ${`${archiveToken}/`}`,
      ),
    )
}

/** Gives consumed uploads back (a create call that failed for a reason not theirs). */
export async function restoreUploads(db: Db, tokens: string[]) {
  await db
    .update(uploadSessions)
    .set({ status: 'complete' })
    .where(and(inArray(uploadSessions.token, tokens), eq(uploadSessions.status, 'consumed')))
}
