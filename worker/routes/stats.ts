// Usage of a model over time, for the usage panel of its page (docs/usage.md): daily downloads,
// unique downloaders and new votes, and each variation's downloads, as JSON or CSV. Mounted at
// /api/v1/stats so it cannot collide with Kaggle's /models/... paths.
import { Hono } from 'hono'
import { z } from 'zod'
import {
  listModelDailyUsage,
  listVariationDailyDownloads,
  listVariationDownloadTotals,
} from '../../db/queries/stats'
import { utcDay } from '../../db/queries/usage'
import type { ApiUsageDay, ModelStatsResponse } from '../api-types'
import type { AppEnv } from '../env'
import { callerModel } from '../services/kaggle-answers'
import { statsCsv } from '../services/stats-csv'
import { legacyQuery } from '../validate'
import { frameworkEnum } from '../vocabulary'

const modelStatsQuery = z.object({
  days: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(365, 'must be at most 365')
    .default(90),
  format: z.enum(['json', 'csv'], 'must be json or csv').default('json'),
})

const dayMs = 24 * 3600 * 1000

const sum = (values: number[]) => values.reduce((n, v) => n + v, 0)

const stats = new Hono<AppEnv>().get(
  '/models/:owner/:model',
  legacyQuery(modelStatsQuery),
  async (c) => {
    const { owner, model } = c.req.param()
    const { days, format } = c.req.valid('query')
    // a private model's usage is its owner's (and organization's) to see, like the model
    const row = await callerModel(c, owner, model)
    const today = Math.floor(Date.now() / dayMs) * dayMs
    // every day of the range, so a chart's x axis is continuous and a quiet day reads as zero
    const range = Array.from({ length: days }, (_, i) =>
      utcDay(new Date(today - (days - 1 - i) * dayMs)),
    )
    const from = range[0]!
    const to = range.at(-1)!
    const [usage, variationTotals, variationDays] = await Promise.all([
      listModelDailyUsage(c.var.db, row.id, from, to),
      listVariationDownloadTotals(c.var.db, row.id),
      listVariationDailyDownloads(c.var.db, row.id, from, to),
    ])
    const usageByDay = new Map(usage.map((r) => [r.day, r]))
    const daily: ApiUsageDay[] = range.map((day) => {
      const r = usageByDay.get(day)
      return {
        day,
        downloads: r?.downloads ?? 0,
        uniqueDownloaders: r?.uniqueDownloaders ?? 0,
        votes: r?.votes ?? 0,
      }
    })
    const downloadsOf = new Map(
      variationDays.map((r) => [`${r.variationId} ${r.day}`, r.downloads]),
    )
    const variations = variationTotals
      .map((v) => {
        const series = range.map((day) => downloadsOf.get(`${v.id} ${day}`) ?? 0)
        return {
          framework: frameworkEnum(v.framework),
          frameworkSlug: v.framework,
          slug: v.slug,
          daily: series,
          downloadsInRange: sum(series),
          downloadCount: v.downloads,
        }
      })
      .sort((a, b) => b.downloadsInRange - a.downloadsInRange || b.downloadCount - a.downloadCount)
    const body: ModelStatsResponse = {
      ref: `${row.owner.slug}/${row.model.slug}`,
      from,
      to,
      daily,
      variations,
      downloadsInRange: sum(daily.map((d) => d.downloads)),
      uniqueDownloadersInRange: sum(daily.map((d) => d.uniqueDownloaders)),
      votesInRange: sum(daily.map((d) => d.votes)),
      downloadCount: row.model.downloadCount,
      voteCount: row.model.voteCount,
    }
    if (format === 'csv') {
      return c.body(statsCsv(body), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${row.owner.slug}-${row.model.slug}-usage-${from}-${to}.csv"`,
      })
    }
    return c.json(body, 200)
  },
)

export default stats
