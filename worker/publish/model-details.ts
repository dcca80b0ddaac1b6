// The SPA's "Edit model" form (docs/publishing.md, "In the browser"): any of a community model's
// title, subtitle, card, visibility, licence and tags, checked whole before anything is written.
import type { Context } from 'hono'
import { z } from 'zod'
import { allLicenses, editModel, tagIdsOf } from '../../db/queries/my-models'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { reindexModels } from '../search'
import type { resolveModel } from '../services/resolve'

type Model = Awaited<ReturnType<typeof resolveModel>>

const tagRefs = z.array(z.string().regex(/^[a-z_]+\/[^/]{1,100}$/, 'must be type/slug')).max(50)

export const labelsBody = z.object({
  licenseId: z.string().min(1).max(100).nullable(),
  tags: tagRefs.default([]),
})

export const modelDetailsBody = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(200),
    subtitle: z.string().trim().max(200),
    description: z.string().max(50_000),
    isPrivate: z.boolean(),
    licenseId: z.string().min(1).max(100).nullable(),
    tags: tagRefs,
  })
  .partial()
  .strict()

export function refuseImported(model: Model) {
  if (model.model.provenance !== 'community')
    throw new ApiError('BAD_REQUEST', 'a model imported from TF Hub is kept by the sync')
}

/** The licence id (must be in the licence table) and the tag ids of `type/slug` refs. */
export async function checkLabels(
  c: Context<AppEnv>,
  labels: { licenseId?: string | null; tags?: string[] },
) {
  if (labels.licenseId) {
    const licenses = await allLicenses(c.var.db)
    if (!licenses.some((l) => l.id === labels.licenseId))
      throw new ApiError('BAD_REQUEST', `unknown licence ${JSON.stringify(labels.licenseId)}`, [
        { path: 'licenseId', message: 'is not in the licence table' },
      ])
  }
  if (!labels.tags) return undefined
  const wanted = [...new Set(labels.tags)]
  const found = await tagIdsOf(c.var.db, wanted)
  const unknown = wanted.filter((ref) => !found.some((t) => t.ref === ref))
  if (unknown.length)
    throw new ApiError('BAD_REQUEST', `unknown tags: ${unknown.join(', ')}`, [
      { path: 'tags', message: 'are not in the tag vocabulary' },
    ])
  return found.map((t) => t.id)
}

export async function editModelDetails(
  c: Context<AppEnv>,
  model: Model,
  body: z.infer<typeof modelDetailsBody>,
) {
  refuseImported(model)
  const tagIds = await checkLabels(c, body)
  await editModel(c.var.db, model.id, {
    fields: {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.subtitle !== undefined ? { subtitle: body.subtitle } : {}),
      ...(body.description !== undefined ? { cardMd: body.description } : {}),
      ...(body.isPrivate !== undefined ? { isPrivate: body.isPrivate } : {}),
      ...(body.licenseId !== undefined ? { licenseId: body.licenseId } : {}),
    },
    tagIds,
  })
  await reindexModels(c.var.db, [model.id])
}
