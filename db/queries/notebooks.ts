import { and, desc, eq, inArray, like, or, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { executeBatched } from './bulk'
import {
  discussionVotes,
  hostedNotebooks,
  models,
  notebookComments,
  notebookInputs,
  notebooks,
  notebookVersions,
  notebookVotes,
  organizationMembers,
  owners,
  reports,
  variations,
} from '../schema'

export type HostedNotebook = typeof hostedNotebooks.$inferSelect
export type NotebookVersion = typeof notebookVersions.$inferSelect

/** The stored bytes of a version, as the R2 put answered them. */
export interface StoredNotebook {
  r2Key: string
  sizeBytes: number
  cellCount: number
  sha256: string
}

export interface NewInput {
  variationId: number
  modelId: number
  /** null: the variation's latest version */
  versionNumber: number | null
}

export interface NewNotebook {
  ownerId: number
  authorId: number
  slug: string
  title: string
  language: 'python' | 'javascript'
  isPrivate: boolean
}

const byHandle = (ownerSlug: string, slug: string) =>
  and(eq(owners.slug, ownerSlug), eq(hostedNotebooks.slug, slug))

/** A hosted notebook (private ones too: the caller decides) with its owner, or undefined. */
export async function getNotebook(db: Db, ownerSlug: string, slug: string) {
  const [row] = await db
    .select({ notebook: hostedNotebooks, owner: owners })
    .from(hostedNotebooks)
    .innerJoin(owners, eq(owners.id, hostedNotebooks.ownerId))
    .where(byHandle(ownerSlug, slug))
  return row
}

/** The notebook's handle and visibility by id, for its fork's "forked from". */
export async function getNotebookHandle(db: Db, id: number) {
  const [row] = await db
    .select({
      ownerId: hostedNotebooks.ownerId,
      ownerSlug: owners.slug,
      slug: hostedNotebooks.slug,
      title: hostedNotebooks.title,
      isPrivate: hostedNotebooks.isPrivate,
    })
    .from(hostedNotebooks)
    .innerJoin(owners, eq(owners.id, hostedNotebooks.ownerId))
    .where(eq(hostedNotebooks.id, id))
  return row
}

/** The first free slug of this owner: `base`, else `base-2`, `base-3`, ... */
export async function freeNotebookSlug(db: Db, ownerId: number, base: string) {
  const rows = await db
    .select({ slug: hostedNotebooks.slug })
    .from(hostedNotebooks)
    .where(
      and(
        eq(hostedNotebooks.ownerId, ownerId),
        or(eq(hostedNotebooks.slug, base), like(hostedNotebooks.slug, `${base}-%`)),
      ),
    )
  const taken = new Set(rows.map((r) => r.slug))
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

const idOf = (ownerId: number, slug: string) =>
  sql`(select id from hosted_notebooks where owner_id = ${ownerId} and slug = ${slug})`

/**
 * Creates a notebook with its first version and inputs in one batch (all or nothing). A fork names
 * its source: the source's inputs are copied and its fork count goes up (a trigger).
 */
export async function createNotebook(
  db: Db,
  input: NewNotebook & { forkedFromId?: number },
  version: StoredNotebook,
  inputs: NewInput[],
) {
  const id = idOf(input.ownerId, input.slug)
  const copyInputs = input.forkedFromId
    ? [
        sql`insert into notebook_inputs (notebook_id, variation_id, model_id, version_number)
          select ${id}, variation_id, model_id, version_number from notebook_inputs where notebook_id = ${input.forkedFromId}`,
      ]
    : []
  await executeBatched(
    db,
    [
      db
        .insert(hostedNotebooks)
        .values({ ...input, forkedFromId: input.forkedFromId ?? null, latestVersion: 1 })
        .getSQL(),
      sql`insert into notebook_versions (notebook_id, number, r2_key, size_bytes, cell_count, sha256, author_id)
        values (${id}, 1, ${version.r2Key}, ${version.sizeBytes}, ${version.cellCount}, ${version.sha256}, ${input.authorId})`,
      ...copyInputs,
      ...inputs.map(
        (i) => sql`insert into notebook_inputs (notebook_id, variation_id, model_id, version_number)
          values (${id}, ${i.variationId}, ${i.modelId}, ${i.versionNumber}) on conflict do nothing`,
      ),
    ],
    // one D1 batch: all or nothing
    Infinity,
  )
  const [created] = await db
    .select()
    .from(hostedNotebooks)
    .where(and(eq(hostedNotebooks.ownerId, input.ownerId), eq(hostedNotebooks.slug, input.slug)))
  return created!
}

/**
 * Saves the next version of a notebook; answers its number. Two saves at once both ask for the same
 * number and the second fails the primary key, so a version is never overwritten.
 */
export async function addNotebookVersion(
  db: Db,
  notebookId: number,
  authorId: number | null,
  version: StoredNotebook,
) {
  await executeBatched(
    db,
    [
      sql`insert into notebook_versions (notebook_id, number, r2_key, size_bytes, cell_count, sha256, author_id)
        select id, latest_version + 1, ${version.r2Key}, ${version.sizeBytes}, ${version.cellCount}, ${version.sha256}, ${authorId}
        from hosted_notebooks where id = ${notebookId}`,
      db
        .update(hostedNotebooks)
        .set({ latestVersion: sql`${hostedNotebooks.latestVersion} + 1`, updatedAt: new Date() })
        .where(eq(hostedNotebooks.id, notebookId))
        .getSQL(),
    ],
    Infinity,
  )
  const [row] = await db
    .select({ latestVersion: hostedNotebooks.latestVersion })
    .from(hostedNotebooks)
    .where(eq(hostedNotebooks.id, notebookId))
  return row!.latestVersion
}

export async function getNotebookVersion(db: Db, notebookId: number, number: number) {
  const [row] = await db
    .select()
    .from(notebookVersions)
    .where(and(eq(notebookVersions.notebookId, notebookId), eq(notebookVersions.number, number)))
  return row
}

/** Whether any version (of any notebook) still refers to this R2 object. */
export async function notebookObjectInUse(db: Db, r2Key: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(notebookVersions)
    .where(eq(notebookVersions.r2Key, r2Key))
  return (row?.n ?? 0) > 0
}

export async function updateNotebook(
  db: Db,
  notebookId: number,
  fields: { title?: string; isPrivate?: boolean },
) {
  const [row] = await db
    .update(hostedNotebooks)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(hostedNotebooks.id, notebookId))
    .returning()
  return row!
}

/** A notebook's inputs with the handles of their variations, in the order they were attached. */
export async function listNotebookInputs(db: Db, notebookId: number) {
  return db
    .select({
      variationId: notebookInputs.variationId,
      versionNumber: notebookInputs.versionNumber,
      ownerId: models.ownerId,
      ownerSlug: owners.slug,
      modelSlug: models.slug,
      modelTitle: models.title,
      modelIsPrivate: models.isPrivate,
      modelIsListed: models.isListed,
      framework: variations.framework,
      variationSlug: variations.slug,
    })
    .from(notebookInputs)
    .innerJoin(variations, eq(variations.id, notebookInputs.variationId))
    .innerJoin(models, eq(models.id, notebookInputs.modelId))
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .where(eq(notebookInputs.notebookId, notebookId))
    .orderBy(notebookInputs.createdAt, notebookInputs.variationId)
}

/** Attaches a variation (or changes its pinned version); attaching again is not an error. */
export async function attachInput(db: Db, notebookId: number, input: NewInput) {
  await db
    .insert(notebookInputs)
    .values({ notebookId, ...input })
    .onConflictDoUpdate({
      target: [notebookInputs.notebookId, notebookInputs.variationId],
      set: { versionNumber: input.versionNumber },
    })
}

/** Detaches a variation; answers whether it was attached. */
export async function detachInput(db: Db, notebookId: number, variationId: number) {
  const rows = await db
    .delete(notebookInputs)
    .where(
      and(eq(notebookInputs.notebookId, notebookId), eq(notebookInputs.variationId, variationId)),
    )
    .returning({ variationId: notebookInputs.variationId })
  return rows.length > 0
}

export type NotebookSort = 'votes' | 'recent'

const notebookListLimit = 100

/**
 * The hosted notebooks with an input of this model, newest or most voted first: public ones, and
 * private ones of the owners in `visibleOwnerIds` (the caller and their organizations).
 */
export async function listModelNotebooks(
  db: Db,
  modelId: number,
  sort: NotebookSort,
  visibleOwnerIds: number[],
) {
  const uses = sql`${hostedNotebooks.id} in (select notebook_id from notebook_inputs where model_id = ${modelId})`
  const visible = visibleOwnerIds.length
    ? or(eq(hostedNotebooks.isPrivate, false), inArray(hostedNotebooks.ownerId, visibleOwnerIds))
    : eq(hostedNotebooks.isPrivate, false)
  const order =
    sort === 'votes'
      ? [desc(hostedNotebooks.voteCount), desc(hostedNotebooks.updatedAt), desc(hostedNotebooks.id)]
      : [desc(hostedNotebooks.updatedAt), desc(hostedNotebooks.id)]
  return db
    .select({ notebook: hostedNotebooks, ownerSlug: owners.slug, ownerName: owners.displayName })
    .from(hostedNotebooks)
    .innerJoin(owners, eq(owners.id, hostedNotebooks.ownerId))
    .where(and(uses, visible))
    .orderBy(...order)
    .limit(notebookListLimit)
}

/** A model's external notebook links (TF Hub's Colab links, users' URLs), newest first. */
export async function listNotebookLinks(db: Db, modelId: number) {
  return db
    .select()
    .from(notebooks)
    .where(eq(notebooks.modelId, modelId))
    .orderBy(desc(notebooks.createdAt), desc(notebooks.id))
    .limit(notebookListLimit)
}

/** The owners a user acts for: themself and the organizations they belong to. */
export async function ownersActedFor(db: Db, userId: number, ownerId: number) {
  const rows = await db
    .select({ id: organizationMembers.organizationId })
    .from(organizationMembers)
    .where(eq(organizationMembers.userId, userId))
  return [ownerId, ...rows.map((r) => r.id)]
}

/** Upvotes a notebook (`on`) or takes it back, and answers its count, in one batch. */
export async function setNotebookVote(db: Db, userId: number, notebookId: number, on: boolean) {
  const [, [row]] = await db.batch([
    on
      ? db.insert(notebookVotes).values({ userId, notebookId }).onConflictDoNothing()
      : db
          .delete(notebookVotes)
          .where(and(eq(notebookVotes.userId, userId), eq(notebookVotes.notebookId, notebookId))),
    db
      .select({ count: hostedNotebooks.voteCount })
      .from(hostedNotebooks)
      .where(eq(hostedNotebooks.id, notebookId)),
  ])
  return row?.count ?? 0
}

/** Which of these notebooks the user has upvoted. */
export async function votedNotebooks(db: Db, userId: number, ids: number[]) {
  if (ids.length === 0) return new Set<number>()
  const rows = await db
    .select({ id: notebookVotes.notebookId })
    .from(notebookVotes)
    .where(and(eq(notebookVotes.userId, userId), inArray(notebookVotes.notebookId, ids)))
  return new Set(rows.map((r) => r.id))
}

/**
 * Deletes a notebook and its rows in one batch: its forks keep existing with no source, its votes,
 * its comments' votes and reports, its comments and inputs go first (their triggers keep the
 * counters), then its versions and itself (whose trigger counts one fork less on its source).
 * Answers the R2 keys its versions used.
 */
export async function deleteNotebook(db: Db, notebookId: number) {
  const keys = await db
    .selectDistinct({ r2Key: notebookVersions.r2Key })
    .from(notebookVersions)
    .where(eq(notebookVersions.notebookId, notebookId))
  const commentIds = db
    .select({ id: notebookComments.id })
    .from(notebookComments)
    .where(eq(notebookComments.notebookId, notebookId))
  await executeBatched(
    db,
    [
      db
        .update(hostedNotebooks)
        .set({ forkedFromId: null })
        .where(eq(hostedNotebooks.forkedFromId, notebookId))
        .getSQL(),
      db.delete(notebookVotes).where(eq(notebookVotes.notebookId, notebookId)).getSQL(),
      ...[discussionVotes, reports].map((table) =>
        db
          .delete(table)
          .where(and(eq(table.targetKind, 'notebook_comment'), inArray(table.targetId, commentIds)))
          .getSQL(),
      ),
      db.delete(notebookComments).where(eq(notebookComments.notebookId, notebookId)).getSQL(),
      db.delete(notebookInputs).where(eq(notebookInputs.notebookId, notebookId)).getSQL(),
      db.delete(notebookVersions).where(eq(notebookVersions.notebookId, notebookId)).getSQL(),
      db.delete(hostedNotebooks).where(eq(hostedNotebooks.id, notebookId)).getSQL(),
    ],
    Infinity,
  )
  return keys.map((k) => k.r2Key)
}
