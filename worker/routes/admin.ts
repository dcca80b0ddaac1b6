// Operator endpoints: run the TF Hub sync now, list its runs, publish the demo models, write the
// search index's snapshot now.
import { Hono } from 'hono'
import { z } from 'zod'
import { listSyncRuns } from '../../db/queries/sync-runs'
import type {
  ApiSeedSummary,
  ApiSnapshotResult,
  ApiSyncSummary,
  ListSyncRunsResponse,
} from '../api-types'
import { requireAdmin } from '../auth'
import { runTfhubSync } from '../cron/tfhub-sync'
import { tfhubSourceFromEnv } from '../tfhub/source'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { writeFacetSnapshot } from '../search'
import { seedDemoModels } from '../services/seed-demo'
import { toApiSyncRun } from '../serialize'
import { legacyQuery } from '../validate'

const syncQuery = z.object({ trigger: z.enum(['admin', 'start']).default('admin') })

const admin = new Hono<AppEnv>()
  .use(requireAdmin)
  .post('/sync/tfhub', legacyQuery(syncQuery), async (c) => {
    const { trigger } = c.req.valid('query')
    const summary: ApiSyncSummary = await runTfhubSync(c.env.DB, tfhubSourceFromEnv(c.env), trigger)
    // the cause (possibly a driver's text) is logged and kept in the run's record, not answered
    if (summary.status === 'failed') {
      console.error('TF Hub sync failed:', summary.message)
      throw new ApiError('BAD_GATEWAY', 'TF Hub sync failed; GET /api/v1/admin/sync/runs says why')
    }
    if (summary.status === 'skipped')
      throw new ApiError('CONFLICT', summary.message ?? 'a sync is running')
    return c.json(summary, 200)
  })
  .get('/sync/runs', async (c) => {
    const runs = await listSyncRuns(c.var.db, 'tfhub')
    const body: ListSyncRunsResponse = { runs: runs.map(toApiSyncRun) }
    return c.json(body, 200)
  })
  .post('/search/snapshot', async (c) => {
    const body: ApiSnapshotResult = await writeFacetSnapshot(c.var.db, c.env.BUCKET)
    return c.json(body, 200)
  })
  .post('/seed/demo', async (c) => {
    if (!c.env.DEMO_SOURCE_URL)
      throw new ApiError('BAD_REQUEST', 'DEMO_SOURCE_URL is not configured')
    try {
      const body: ApiSeedSummary = await seedDemoModels(
        c.var.db,
        c.env.BUCKET,
        c.env.DEMO_SOURCE_URL,
      )
      return c.json(body, 200)
    } catch (err) {
      // an upstream answer is a 502 of ours (seed-demo.ts); anything else (D1, R2) is logged and
      // answered with the generic 500, never with the driver's text
      if (!(err instanceof ApiError)) console.error('demo seed failed:', err)
      throw err
    }
  })

export default admin
