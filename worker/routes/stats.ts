// Usage of a model over time, for the usage panel of its page: daily downloads (usage_daily) and
// new votes. Mounted at /api/v1/stats so it cannot collide with Kaggle's /models/... paths.
import { Hono } from 'hono'
import { z } from 'zod'
import { listModelDailyUsage } from '../../db/queries/stats'
import type { ApiUsageDay, ModelStatsResponse } from '../api-types'
import type { AppEnv } from '../env'
import { resolveModel } from '../services/resolve'
import { legacyQuery } from '../validate'

const modelStatsQuery = z.object({
  days: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(365, 'must be at most 365')
    .default(90),
})

const dayMs = 24 * 3600 * 1000
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

const stats = new Hono<AppEnv>().get(
  '/models/:owner/:model',
  legacyQuery(modelStatsQuery),
  async (c) => {
    const { owner, model } = c.req.param()
    const { days } = c.req.valid('query')
    const row = await resolveModel(c.var.db, owner, model)
    const today = Math.floor(Date.now() / dayMs) * dayMs
    const from = isoDay(today - (days - 1) * dayMs)
    const to = isoDay(today)
    const rows = new Map(
      (await listModelDailyUsage(c.var.db, row.id, from, to)).map((r) => [r.day, r]),
    )
    // every day of the range, so a chart's x axis is continuous and a quiet day reads as zero
    const daily: ApiUsageDay[] = Array.from({ length: days }, (_, i) => {
      const day = isoDay(today - (days - 1 - i) * dayMs)
      const r = rows.get(day)
      return { day, downloads: r?.downloads ?? 0, votes: r?.votes ?? 0 }
    })
    const body: ModelStatsResponse = {
      ref: `${row.owner.slug}/${row.model.slug}`,
      from,
      to,
      daily,
      downloadsInRange: daily.reduce((n, d) => n + d.downloads, 0),
      votesInRange: daily.reduce((n, d) => n + d.votes, 0),
      downloadCount: row.model.downloadCount,
      voteCount: row.model.voteCount,
    }
    return c.json(body, 200)
  },
)

export default stats
