// Whose resource a publishing call writes, for `authorize('owner.write', …)`: the owner named in
// the body (a new model), or the owner of the model named by the path or the body. A private
// model the caller may not see is 404, as everywhere else.
import type { Context } from 'hono'
import { z } from 'zod'
import { getModelByHandle } from '../../db/queries/models'
import { getOwnerBySlug } from '../../db/queries/owners'
import { allows } from '../accounts/permissions'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { legacyBody } from './legacy-body'

const slugs = z.object({
  ownerSlug: z.string().max(200).default(''),
  modelSlug: z.string().max(200).default(''),
})

export async function ownerInBody(c: Context<AppEnv>) {
  const { ownerSlug } = await legacyBody(c, slugs)
  const owner = await getOwnerBySlug(c.var.db, ownerSlug)
  if (!owner) throw new ApiError('NOT_FOUND', `no owner ${JSON.stringify(ownerSlug)}`)
  return owner.id
}

async function modelOwner(c: Context<AppEnv>, ownerSlug: string, modelSlug: string) {
  const row = await getModelByHandle(c.var.db, ownerSlug, modelSlug, { includePrivate: true })
  if (!row || (row.model.isPrivate && !(await allows(c, 'catalog.private', row.model.ownerId))))
    throw new ApiError('NOT_FOUND', `Model ${ownerSlug}/${modelSlug} not found`)
  return row.model.ownerId
}

/** The owner of the model the path names (legacy routes). */
export const ownerOfPathModel = (c: Context<AppEnv>) =>
  modelOwner(c, c.req.param('owner') ?? '', c.req.param('model') ?? '')

/** The owner of the model the body names (RPC). */
export async function ownerOfBodyModel(c: Context<AppEnv>) {
  const { ownerSlug, modelSlug } = await legacyBody(c, slugs)
  return modelOwner(c, ownerSlug, modelSlug)
}
