import type { Context } from 'hono'
import { getNotebook } from '../../db/queries/notebooks'
import { allows } from '../accounts/permissions'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'

/**
 * The notebook of the request's `:owner/:slug`, if the caller may see it. A private notebook of
 * someone else's is as missing as an unknown one: 404, never 403, so its name leaks nothing.
 */
export async function visibleNotebook(c: Context<AppEnv>) {
  const owner = c.req.param('owner') ?? ''
  const slug = c.req.param('slug') ?? ''
  const row = await getNotebook(c.var.db, owner, slug)
  const hidden =
    row?.notebook.isPrivate && !(await allows(c, 'notebook.private', row.notebook.ownerId))
  if (!row || hidden) throw new ApiError('NOT_FOUND', `notebook ${owner}/${slug} not found`)
  return row
}

/** For 'owner' rules: who owns the notebook (a private one the caller cannot see is a 404). */
export const notebookOwner = async (c: Context<AppEnv>) =>
  (await visibleNotebook(c)).notebook.ownerId
