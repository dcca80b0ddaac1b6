import { lt, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { downloadEvents, downloadSalts } from '../schema'

/** The UTC day of a moment, as 'YYYY-MM-DD'. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10)

/**
 * Counts one download of a version by a client (a salted hash) on the UTC day of `at`, unless
 * that client already has one there. The row's trigger rolls it up (docs/usage.md). Answers
 * whether it counted.
 */
export async function recordDownload(
  db: Db,
  download: { versionId: number; client: string; at?: Date },
) {
  const day = utcDay(download.at ?? new Date())
  const result = await db.run(sql`
    insert or ignore into download_events (day, version_id, client, variation_id, model_id)
    select ${day}, v.id, ${download.client}, v.variation_id, va.model_id
    from versions v join variations va on va.id = v.variation_id
    where v.id = ${download.versionId}`)
  return result.meta.changes > 0
}

/** The salt of a UTC day's client hashes: made by the first download of the day, then kept. */
export async function dailySalt(db: Db, day: string, candidate: string) {
  // a no-op update on conflict, so the answer carries the salt that was there first
  const row = await db.get<{ salt: string }>(sql`
    insert into download_salts (day, salt) values (${day}, ${candidate})
    on conflict (day) do update set salt = download_salts.salt
    returning salt`)
  return row!.salt
}

/**
 * Forgets which clients downloaded before `day`, and the salts that hashed them: the counts stay,
 * and no hash can be tied to a client across days.
 */
export async function pruneDownloadClients(db: Db, day: string) {
  await db.batch([
    db.delete(downloadEvents).where(lt(downloadEvents.day, day)),
    db.delete(downloadSalts).where(lt(downloadSalts.day, day)),
  ])
}
