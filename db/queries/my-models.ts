// What the SPA's publishing pages read about the signed-in user: the owners they may publish as,
// their models (private ones included) with each variation's latest version, one upload of
// theirs, and a model's licence and tags as its owner sets them (docs/publishing.md, "In the browser").
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../client'
import {
  licenses,
  models,
  modelTags,
  organizationMembers,
  owners,
  tags,
  uploadSessions,
  variations,
  versions,
} from '../schema'

/** The user's own owner row and the organizations they belong to. */
export async function publishingOwners(db: Db, userId: number, ownerId: number) {
  const rows = await db
    .select({
      id: owners.id,
      slug: owners.slug,
      displayName: owners.displayName,
      kind: owners.kind,
    })
    .from(owners)
    .where(
      sql`${owners.id} = ${ownerId} or ${owners.id} in (select ${organizationMembers.organizationId} from ${organizationMembers} where ${organizationMembers.userId} = ${userId})`,
    )
    .orderBy(sql`${owners.id} <> ${ownerId}`, asc(owners.slug))
  return rows
}

export async function allLicenses(db: Db) {
  return db.select().from(licenses).orderBy(asc(licenses.name))
}

export async function allTags(db: Db) {
  return db
    .select({ type: tags.type, slug: tags.slug, name: tags.name })
    .from(tags)
    .orderBy(asc(tags.type), asc(tags.name))
}

/** The listed models of these owners, newest first, private ones included. */
export async function modelsOfOwners(db: Db, ownerIds: number[]) {
  if (!ownerIds.length) return []
  return db
    .select({
      id: models.id,
      ownerSlug: owners.slug,
      slug: models.slug,
      title: models.title,
      subtitle: models.subtitle,
      isPrivate: models.isPrivate,
      provenance: models.provenance,
      createdAt: models.createdAt,
    })
    .from(models)
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .where(and(inArray(models.ownerId, ownerIds), eq(models.isListed, true)))
    .orderBy(desc(models.createdAt), desc(models.id))
    .limit(500)
}

/** Each listed variation of these models with its newest listed version (any status). */
export async function variationsWithLatest(db: Db, modelIds: number[]) {
  if (!modelIds.length) return []
  return db
    .select({
      modelId: variations.modelId,
      framework: variations.framework,
      slug: variations.slug,
      number: versions.number,
      status: versions.status,
      fileCount: versions.fileCount,
      totalBytes: versions.totalBytes,
    })
    .from(variations)
    .leftJoin(
      versions,
      and(
        eq(versions.variationId, variations.id),
        eq(versions.isListed, true),
        sql`${versions.number} = (select max(v.number) from versions v where v.variation_id = ${variations.id} and v.is_listed = 1)`,
      ),
    )
    .where(and(inArray(variations.modelId, modelIds), eq(variations.isListed, true)))
    .orderBy(asc(variations.framework), asc(variations.slug))
}

/** One upload session of this user, or undefined (someone else's is not theirs to see). */
export async function uploadOf(db: Db, userId: number, token: string) {
  const [row] = await db
    .select({
      token: uploadSessions.token,
      fileName: uploadSessions.fileName,
      contentLength: uploadSessions.contentLength,
      receivedBytes: uploadSessions.receivedBytes,
      status: uploadSessions.status,
      sha256: uploadSessions.sha256,
      expiresAt: uploadSessions.expiresAt,
    })
    .from(uploadSessions)
    .where(and(eq(uploadSessions.token, token), eq(uploadSessions.userId, userId)))
  return row
}

/** The ids of the tags named `type/slug`, in the order found; unknown refs are left out. */
export async function tagIdsOf(db: Db, refs: string[]) {
  if (!refs.length) return []
  return db
    .select({ id: tags.id, ref: sql<string>`${tags.type} || '/' || ${tags.slug}` })
    .from(tags)
    .where(inArray(sql`${tags.type} || '/' || ${tags.slug}`, refs))
}

/**
 * Edits a community model in one batch: the fields given, its tags when `tagIds` is given. The
 * first time a model is public is its publish time.
 */
export async function editModel(
  db: Db,
  modelId: number,
  edit: {
    fields: Partial<
      Pick<typeof models.$inferInsert, 'title' | 'subtitle' | 'cardMd' | 'isPrivate' | 'licenseId'>
    >
    tagIds?: number[]
  },
) {
  const now = new Date()
  const { fields, tagIds } = edit
  await db.batch([
    db
      .update(models)
      .set({
        ...fields,
        ...('licenseId' in fields ? { licenseSource: 'explicit' as const } : {}),
        ...(fields.isPrivate === false
          ? { publishedAt: sql`coalesce(${models.publishedAt}, ${now.getTime()})` }
          : {}),
        updatedAt: now,
      })
      .where(eq(models.id, modelId)),
    ...(tagIds
      ? [
          db.delete(modelTags).where(eq(modelTags.modelId, modelId)),
          ...tagIds.map((tagId) =>
            db.insert(modelTags).values({ modelId, tagId }).onConflictDoNothing(),
          ),
        ]
      : []),
  ])
}
