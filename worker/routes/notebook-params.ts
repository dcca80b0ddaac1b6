import type { Context } from 'hono'
import { getNotebookComment } from '../../db/queries/notebook-comments'
import { getNotebook } from '../../db/queries/notebooks'
import { allows } from '../accounts/permissions'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { postId } from './discussion-params'

type Ctx = Context<AppEnv>

/**
 * One lookup per request: a route's `authorize` rule and its handler both ask (who owns the
 * notebook, then the notebook), and nothing is written between the two.
 */
function oncePerRequest<T>(find: (c: Ctx) => Promise<T>) {
  const found = new WeakMap<Ctx, Promise<T>>()
  return (c: Ctx) => {
    let result = found.get(c)
    if (!result) {
      result = find(c)
      found.set(c, result)
    }
    return result
  }
}

/**
 * The notebook of the request's `:owner/:slug`, if the caller may see it. A private notebook of
 * someone else's is as missing as an unknown one: 404, never 403, so its name leaks nothing.
 */
export const visibleNotebook = oncePerRequest(async (c) => {
  const owner = c.req.param('owner') ?? ''
  const slug = c.req.param('slug') ?? ''
  const row = await getNotebook(c.var.db, owner, slug)
  const hidden =
    row?.notebook.isPrivate && !(await allows(c, 'notebook.private', row.notebook.ownerId))
  if (!row || hidden) throw new ApiError('NOT_FOUND', `notebook ${owner}/${slug} not found`)
  return row
})

/** For 'owner' rules: who owns the notebook (a private one the caller cannot see is a 404). */
export const notebookOwner = async (c: Ctx) => (await visibleNotebook(c)).notebook.ownerId

/**
 * The request's `:id` comment on the notebook the caller may see (404 first when the notebook is
 * not visible), deleted ones included; undefined when the notebook has no such comment.
 */
export const notebookComment = oncePerRequest(async (c) => {
  const { notebook } = await visibleNotebook(c)
  const comment = await getNotebookComment(c.var.db, notebook.id, postId(c))
  return { notebook, comment }
})
