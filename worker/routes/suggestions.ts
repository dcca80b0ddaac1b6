// "Suggest a source": a signed-in user proposes a new curated source; it lands in the admin's
// queue (worker/routes/admin-community.ts) and its status shows back here. Mounted at
// /api/v1/suggestions.
import { Hono } from 'hono'
import { z } from 'zod'
import {
  createSuggestion,
  listSuggestionsOf,
  type SuggestionRow,
} from '../../db/queries/suggestions'
import { authorize, currentUser } from '../accounts/permissions'
import { countPosting } from '../community/posting-limit'
import type { AppEnv } from '../env'
import { jsonBody } from '../validate'

const suggestionBody = z.object({
  name: z.string().trim().min(1).max(200),
  url: z
    .string()
    .trim()
    .max(500)
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  note: z.string().trim().max(2000).default(''),
})

export const toApiSuggestion = (s: SuggestionRow) => ({
  id: s.id,
  name: s.name,
  url: s.url,
  note: s.note,
  status: s.status,
  adminNote: s.adminNote,
  createTime: s.createdAt.toISOString(),
  updateTime: s.updatedAt.toISOString(),
})

const suggestions = new Hono<AppEnv>()
  .post('/', authorize('suggestion.create'), jsonBody(suggestionBody), async (c) => {
    const { user } = currentUser(c)
    await countPosting(c.var.db, user.id, 'suggestion')
    const row = await createSuggestion(c.var.db, { userId: user.id, ...c.req.valid('json') })
    return c.json(toApiSuggestion(row), 201)
  })
  .get('/mine', authorize('account.read'), async (c) => {
    const rows = await listSuggestionsOf(c.var.db, currentUser(c).user.id)
    return c.json({ suggestions: rows.map(toApiSuggestion) }, 200)
  })

export default suggestions
