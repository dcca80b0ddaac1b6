// CreateModel and `POST /api/v1/models/create/new`: a community model of an owner the caller
// may act for (authorize checked that), private when the body asks (kagglehub always does).
import type { Context } from 'hono'
import { insertCommunityModel, findModelSlug } from '../../db/queries/publishing'
import { getOwnerBySlug } from '../../db/queries/owners'
import type { AppEnv } from '../env'
import { requestOrigin } from '../services/kaggle-answers'
import { reindexModels } from '../search'
import { PublishRefused, type PublishDone } from './refusal'
import type { CreateModelRequest } from './requests'
import { checkSlug } from './slug'

export async function createModel(
  c: Context<AppEnv>,
  request: CreateModelRequest,
): Promise<PublishDone> {
  const owner = await getOwnerBySlug(c.var.db, request.ownerSlug)
  if (!owner) throw new PublishRefused(`no owner ${request.ownerSlug}`, 404)
  const slug = checkSlug(request.slug, 'slug')
  const ref = `${owner.slug}/${slug}`
  const taken = () => new PublishRefused(`Model ${ref} already exists`, 409)
  if (await findModelSlug(c.var.db, owner.id, slug)) throw taken()
  const id = await insertCommunityModel(c.var.db, {
    ownerId: owner.id,
    slug,
    title: request.title.trim() || slug,
    subtitle: request.subtitle,
    cardMd: request.description,
    isPrivate: request.isPrivate ?? false,
  })
  if (id === undefined) throw taken()
  await reindexModels(c.var.db, [id])
  return { id, ref, url: `${requestOrigin(c)}/models/${ref}` }
}
