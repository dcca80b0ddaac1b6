import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import worker from '../../worker/index'

const count = async (query: string) => ((await env.DB.prepare(query).first<{ n: number }>())!).n

describe('TF Hub import on the real snapshot', () => {
  beforeAll(async () => {
    const controller = createScheduledController({ cron: '*/15 * * * *', scheduledTime: Date.now() })
    const ctx = createExecutionContext()
    const t0 = Date.now()
    await worker.scheduled(controller, env, ctx)
    await waitOnExecutionContext(ctx)
    console.log('first import ms', Date.now() - t0)
  })

  it('lists exactly the models the licence rule admits', async () => {
    expect(await count('select count(*) as n from models where is_listed = 1')).toBe(1307)
    expect(await count('select count(*) as n from variations where is_listed = 1')).toBe(1817)
    expect(await count('select count(*) as n from versions where is_listed = 1')).toBe(2520)
    const run = await env.DB.prepare('select * from sync_runs order by id desc limit 1').first()
    console.log(run)
  })
})
