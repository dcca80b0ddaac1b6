// Steps of a notebook that span R2 and D1 (docs/notebooks.md): the .ipynb is checked before
// anything is stored, put in R2, then recorded; when the record fails, an object this request
// created is removed again, so a refused or failed write leaves nothing behind.
import { DrizzleQueryError } from 'drizzle-orm/errors'
import type { Db } from '../../db/client'
import {
  addNotebookVersion,
  createNotebook,
  deleteNotebook,
  freeNotebookSlug,
  notebookObjectInUse,
  type NewInput,
  type NewNotebook,
  type StoredNotebook,
} from '../../db/queries/notebooks'
import { getFile, getVersion } from '../../db/queries/models'
import { ApiError } from '../errors'
import type { CheckedNotebook } from '../notebooks/ipynb'
import { starterLanguage, starterNotebook } from '../notebooks/starter'
import { checkNotebookBytes, putNotebook } from '../notebooks/store'
import type { resolveVariation } from './resolve'

type Variation = Awaited<ReturnType<typeof resolveVariation>>

// drizzle wraps D1's error in a DrizzleQueryError; a raw batch throws D1's own
const isUniqueViolation = (err: unknown) =>
  err instanceof Error &&
  /UNIQUE constraint failed/.test(
    `${err.message} ${err instanceof DrizzleQueryError ? String(err.cause) : ''}`,
  )

/** Checks and stores the bytes, then runs `record`; undoes the R2 put if `record` throws. */
async function storeThen<T>(
  db: Db,
  bucket: R2Bucket,
  bytes: Uint8Array,
  record: (stored: StoredNotebook, checked: CheckedNotebook) => Promise<T>,
) {
  const checked = checkNotebookBytes(bytes)
  const stored = await putNotebook(bucket, bytes, checked)
  try {
    return await record(stored, checked)
  } catch (err) {
    if (stored.created && !(await notebookObjectInUse(db, stored.r2Key)))
      await bucket.delete(stored.r2Key)
    if (isUniqueViolation(err))
      throw new ApiError('CONFLICT', 'someone saved this notebook at the same time; try again')
    throw err
  }
}

/** A slug from a title: lower-case words joined by '-', or 'notebook'. */
function slugOf(title: string) {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '')
  return slug || 'notebook'
}

interface Owner {
  ownerId: number
  authorId: number
  title: string
  isPrivate: boolean
}

async function newNotebook(db: Db, owner: Owner, language: NewNotebook['language']) {
  const slug = await freeNotebookSlug(db, owner.ownerId, slugOf(owner.title))
  return { ...owner, slug, language }
}

/** A notebook from an uploaded .ipynb, with optional inputs. */
export async function createUploadedNotebook(
  db: Db,
  bucket: R2Bucket,
  owner: Owner,
  bytes: Uint8Array,
  inputs: NewInput[] = [],
) {
  return storeThen(db, bucket, bytes, async (stored, checked) =>
    createNotebook(db, await newNotebook(db, owner, checked.language), stored, inputs),
  )
}

/** A notebook for a variation ("New notebook"): starter cells, the variation attached. */
export async function createStarterNotebook(
  db: Db,
  bucket: R2Bucket,
  owner: Owner,
  found: Variation,
  pinned: number | null,
  origin: string,
) {
  const handle = [
    found.model.owner.slug,
    found.model.model.slug,
    found.variation.framework,
    found.variation.slug,
  ].join('/')
  const number = pinned ?? found.variation.latest?.number
  const versionId = pinned === null ? found.variation.latest?.id : undefined
  const modelJson =
    found.variation.framework === 'tfJs' && number !== undefined
      ? await modelJsonOf(db, found, pinned, versionId)
      : undefined
  const text = starterNotebook({
    origin,
    title: owner.title,
    handle,
    framework: found.variation.framework,
    version: pinned,
    modelJsonUrl: modelJson ? `${origin}/api/v1/files/${handle}/${number}/model.json` : undefined,
  })
  const input = { variationId: found.variation.id, modelId: found.model.id, versionNumber: pinned }
  const bytes = new TextEncoder().encode(text)
  return storeThen(db, bucket, bytes, async (stored) =>
    createNotebook(
      db,
      await newNotebook(db, owner, starterLanguage(found.variation.framework)),
      stored,
      [input],
    ),
  )
}

async function modelJsonOf(
  db: Db,
  found: Variation,
  pinned: number | null,
  latestId: number | undefined,
) {
  const versionId =
    pinned === null ? latestId : (await getVersion(db, found.variation.id, pinned))?.id
  return versionId === undefined ? undefined : getFile(db, versionId, 'model.json')
}

/** Saves a new version of a notebook from uploaded bytes; answers its number. */
export async function saveNotebookVersion(
  db: Db,
  bucket: R2Bucket,
  notebookId: number,
  authorId: number | null,
  bytes: Uint8Array,
) {
  return storeThen(db, bucket, bytes, (stored) =>
    addNotebookVersion(db, notebookId, authorId, stored),
  )
}

/** Forks a notebook's latest version, with its inputs, into the caller's account. */
export async function forkNotebook(
  db: Db,
  owner: Owner,
  source: { id: number; language: NewNotebook['language'] },
  latest: StoredNotebook,
) {
  const notebook = await newNotebook(db, owner, source.language)
  try {
    return await createNotebook(db, { ...notebook, forkedFromId: source.id }, latest, [])
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ApiError('CONFLICT', 'a notebook of that name was created at the same time')
    throw err
  }
}

/**
 * Deletes a notebook (its rows in one D1 batch), then each of its R2 objects that no other
 * notebook's version still uses: forks and unchanged saves share objects.
 */
export async function deleteHostedNotebook(db: Db, bucket: R2Bucket, notebookId: number) {
  const keys = await deleteNotebook(db, notebookId)
  for (const key of keys) if (!(await notebookObjectInUse(db, key))) await bucket.delete(key)
}
