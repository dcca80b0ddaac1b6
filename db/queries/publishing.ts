import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { licenses, models, variations, versions } from '../schema'

/** Any model of an owner with this slug, listed or not, private or not. */
export async function findModelSlug(db: Db, ownerId: number, slug: string) {
  const [row] = await db
    .select({ id: models.id })
    .from(models)
    .where(and(eq(models.ownerId, ownerId), eq(models.slug, slug)))
  return row
}

export async function insertCommunityModel(
  db: Db,
  row: {
    ownerId: number
    slug: string
    title: string
    subtitle: string
    cardMd: string
    isPrivate: boolean
  },
) {
  const [inserted] = await db
    .insert(models)
    .values({
      ...row,
      provenance: 'community',
      licenseSource: 'explicit',
      // the first time a model is public is its publish time (editModel keeps that rule)
      publishedAt: row.isPrivate ? null : new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: models.id })
  return inserted?.id
}

/** A licence by its id or Kaggle's name ("Apache 2.0"), case-insensitively. */
export async function findLicense(db: Db, name: string) {
  const [row] = await db
    .select({ id: licenses.id })
    .from(licenses)
    .where(
      sql`lower(${licenses.id}) = lower(${name}) or lower(${licenses.name}) = lower(${name}) or lower(${licenses.spdx}) = lower(${name})`,
    )
  return row?.id
}

export async function setModelLicense(db: Db, modelId: number, licenseId: string) {
  await db.update(models).set({ licenseId }).where(eq(models.id, modelId))
}

/** Any variation of a model with this framework and slug, listed or not. */
export async function findVariation(db: Db, modelId: number, framework: string, slug: string) {
  const [row] = await db
    .select({ id: variations.id })
    .from(variations)
    .where(
      and(
        eq(variations.modelId, modelId),
        eq(variations.framework, framework),
        eq(variations.slug, slug),
      ),
    )
  return row
}

export async function insertVariation(
  db: Db,
  row: {
    modelId: number
    framework: string
    slug: string
    overview: string
    usageMd: string
    fineTunable: boolean | null
    baseVariationId: number | null
  },
) {
  const [inserted] = await db
    .insert(variations)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: variations.id })
  return inserted?.id
}

/** The number the next version of a variation gets: numbers are never reused. */
export async function nextVersionNumber(db: Db, variationId: number) {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${versions.number}), 0) + 1` })
    .from(versions)
    .where(eq(versions.variationId, variationId))
  return row?.n ?? 1
}

/**
 * Deletes a community model the way the catalog can: it leaves every listing and lookup (links
 * to it answer 404, never 500), and frees its slug for a new model; rows that point at it
 * (votes, discussions, counts) stay.
 */
export async function deleteModel(db: Db, modelId: number) {
  await db
    .update(models)
    .set({
      isListed: false,
      slug: sql`${models.slug} || '--deleted-' || ${models.id}`,
      updatedAt: new Date(),
    })
    .where(eq(models.id, modelId))
}

export async function updateVariationFields(
  db: Db,
  variationId: number,
  fields: Partial<
    Pick<typeof variations.$inferInsert, 'overview' | 'usageMd' | 'fineTunable' | 'baseVariationId'>
  >,
) {
  await db
    .update(variations)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(variations.id, variationId))
}

/**
 * Deletes a community variation as deleteModel deletes a model: it leaves every listing and
 * lookup (its links answer 404) and frees its slug; its versions and their counts stay.
 */
export async function deleteVariation(db: Db, variationId: number) {
  await db
    .update(variations)
    .set({
      isListed: false,
      slug: sql`${variations.slug} || '--deleted-' || ${variations.id}`,
      updatedAt: new Date(),
    })
    .where(eq(variations.id, variationId))
}

/** The listed versions of a variation, ready or still publishing. */
export async function listedVersionNumbers(db: Db, variationId: number) {
  const rows = await db
    .select({ id: versions.id, number: versions.number })
    .from(versions)
    .where(and(eq(versions.variationId, variationId), eq(versions.isListed, true)))
  return rows
}

/** A deleted version leaves listings and lookups; its number is never given again. */
export async function unlistVersion(db: Db, versionId: number) {
  await db.update(versions).set({ isListed: false }).where(eq(versions.id, versionId))
}
