// The admin's community queues (reports, source suggestions) and organization membership.
// Mounted at /api/v1/admin, behind requireAdmin.
import { Hono } from 'hono'
import { z } from 'zod'
import { getOwnerBySlug } from '../../db/queries/owners'
import { listReports, setReportStatus } from '../../db/queries/reports'
import { listSuggestions, updateSuggestion } from '../../db/queries/suggestions'
import {
  addOrganizationMember,
  getPublicUser,
  listOrganizationMembers,
  removeOrganizationMember,
} from '../../db/queries/users'
import { requireAdmin } from '../auth'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody, legacyQuery } from '../validate'
import { toApiSuggestion } from './suggestions'

const pageSize = 50
const reportsQuery = z.object({
  status: z.enum(['open', 'resolved', 'dismissed']).default('open'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
})
const suggestionsQuery = z.object({
  status: z.enum(['new', 'reviewing', 'accepted', 'rejected']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
})
const reportStatusBody = z.object({ status: z.enum(['open', 'resolved', 'dismissed']) })
const suggestionStatusBody = z.object({
  status: z.enum(['new', 'reviewing', 'accepted', 'rejected']),
  adminNote: z.string().trim().max(2000).optional(),
})
const memberBody = z.object({ role: z.enum(['owner', 'member']).default('member') })

const idOf = (value: string) => (/^\d{1,15}$/.test(value) ? Number(value) : 0)

async function organizationAndUser(db: AppEnv['Variables']['db'], org: string, username: string) {
  const organization = await getOwnerBySlug(db, org)
  if (!organization || organization.kind !== 'organization')
    throw new ApiError('NOT_FOUND', `no organization ${org}`)
  const user = await getPublicUser(db, username.toLowerCase())
  if (!user) throw new ApiError('NOT_FOUND', `no user ${username}`)
  return { organization, user }
}

const adminCommunity = new Hono<AppEnv>()
  .use(requireAdmin)
  .get('/reports', legacyQuery(reportsQuery), async (c) => {
    const { status, page } = c.req.valid('query')
    const rows = await listReports(c.var.db, status, pageSize, (page - 1) * pageSize)
    return c.json(
      {
        reports: rows.map((r) => ({
          id: r.report.id,
          targetKind: r.report.targetKind,
          targetId: r.report.targetId,
          topicId: r.topicId,
          model: r.model,
          // owner/slug of the notebook a notebook_comment belongs to, else null
          notebook: r.notebook,
          // the reported words, markdown (empty once deleted)
          text: r.text ?? '',
          reason: r.report.reason,
          reporter: r.reporter,
          status: r.report.status,
          createTime: r.report.createdAt.toISOString(),
        })),
      },
      200,
    )
  })
  .patch('/reports/:id', jsonBody(reportStatusBody), async (c) => {
    const id = idOf(c.req.param('id'))
    if (!(await setReportStatus(c.var.db, id, c.req.valid('json').status, new Date())))
      throw new ApiError('NOT_FOUND', 'no such report')
    return c.json({ id, status: c.req.valid('json').status }, 200)
  })
  .get('/suggestions', legacyQuery(suggestionsQuery), async (c) => {
    const { status, page } = c.req.valid('query')
    const rows = await listSuggestions(c.var.db, status, pageSize, (page - 1) * pageSize)
    return c.json(
      {
        suggestions: rows.map((r) => ({ ...toApiSuggestion(r.suggestion), username: r.username })),
      },
      200,
    )
  })
  .patch('/suggestions/:id', jsonBody(suggestionStatusBody), async (c) => {
    const row = await updateSuggestion(
      c.var.db,
      idOf(c.req.param('id')),
      c.req.valid('json'),
      new Date(),
    )
    if (!row) throw new ApiError('NOT_FOUND', 'no such suggestion')
    return c.json(toApiSuggestion(row), 200)
  })
  .get('/organizations/:org/members', async (c) => {
    const organization = await getOwnerBySlug(c.var.db, c.req.param('org'))
    if (!organization || organization.kind !== 'organization')
      throw new ApiError('NOT_FOUND', `no organization ${c.req.param('org')}`)
    return c.json({ members: await listOrganizationMembers(c.var.db, organization.id) }, 200)
  })
  .put('/organizations/:org/members/:username', jsonBody(memberBody), async (c) => {
    const { org, username } = c.req.param()
    const { organization, user } = await organizationAndUser(c.var.db, org, username)
    await addOrganizationMember(c.var.db, organization.id, user.id, c.req.valid('json').role)
    return c.json({ organization: organization.slug, username: user.owner.slug }, 200)
  })
  .delete('/organizations/:org/members/:username', async (c) => {
    const { org, username } = c.req.param()
    const { organization, user } = await organizationAndUser(c.var.db, org, username)
    if (!(await removeOrganizationMember(c.var.db, organization.id, user.id)))
      throw new ApiError('NOT_FOUND', `${username} is no member of ${org}`)
    return c.body(null, 204)
  })

export default adminCommunity
