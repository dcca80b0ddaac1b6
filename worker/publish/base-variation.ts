// `baseModelInstance`: the variation a new or edited one derives from, named by its handle
// ('owner/model/framework/instance'), any the caller may see (docs/publishing.md, "Creating").
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { callerVariation } from '../services/kaggle-answers'
import { PublishRefused } from './refusal'

/** The variation a new one derives from, by its handle, as the caller may see it. */
export async function baseVariationOf(c: Context<AppEnv>, handle: string) {
  if (!handle.trim()) return null
  const parts = handle.trim().split('/')
  const notFound = () =>
    new PublishRefused(`base model instance ${JSON.stringify(handle)} not found`, 400)
  if (parts.length !== 4 || parts.some((p) => !p)) throw notFound()
  const [owner, model, framework, slug] = parts as [string, string, string, string]
  try {
    return (await callerVariation(c, owner, model, framework, slug)).variation.id
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') throw notFound()
    throw err
  }
}
