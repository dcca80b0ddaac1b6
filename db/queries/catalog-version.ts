import { eq } from 'drizzle-orm'
import type { Db } from '../client'
import { catalogVersion } from '../schema'

/**
 * The catalog's version: moved by triggers on every write to what the public pages show but their
 * counters (migrations 0024 and 0025), so a key holding it names one state of those pages, give or
 * take their counts.
 */
export async function getCatalogVersion(db: Db) {
  const [row] = await db
    .select({ version: catalogVersion.version })
    .from(catalogVersion)
    .where(eq(catalogVersion.id, 1))
  return row?.version ?? 0
}
