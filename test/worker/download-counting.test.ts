import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { pruneDownloadClients, utcDay } from '../../db/queries/usage'
import type { ApiModelDetail, ApiModelInstance, ModelStatsResponse } from '../../worker/api-types'
import app from '../../worker/app'
import { db, demoFiles, json, request, seedDemo, sha256Hex } from './helpers'

beforeAll(async () => {
  await seedDemo()
})

const blazeface = '/api/v1/files/demo/blazeface/tfJs/default/1/model.json'
const blazefaceSize = demoFiles['demo/blazeface/tfJs/default/1']['model.json'].size
const archive = '/api/v1/archives/demo/blazeface/tfJs/default/1'

/**
 * One download by the client at `ip`, read as the client reads it, then waited on until the
 * count it may have started has finished.
 */
async function download(
  path: string,
  ip: string,
  init: RequestInit & { read?: 'all' | 'cancel' } = {},
) {
  const ctx = createExecutionContext()
  const headers = new Headers(init.headers)
  headers.set('cf-connecting-ip', ip)
  headers.set('user-agent', 'counting-test/1.0')
  const res = await app.request(`http://modelport.test${path}`, { ...init, headers }, env, ctx)
  const body = init.read === 'cancel' ? await res.body?.cancel() : await res.arrayBuffer()
  await waitOnExecutionContext(ctx)
  return { res, body }
}

async function counts(model = 'blazeface') {
  return (await env.DB.prepare(
    `select m.download_count as total,
       coalesce((select sum(downloads) from usage_daily u where u.model_id = m.id), 0) as daily,
       coalesce((select sum(unique_downloaders) from usage_daily u where u.model_id = m.id), 0) as uniques,
       coalesce((select sum(downloads) from usage_daily_versions u where u.model_id = m.id), 0) as versions
     from models m join owners o on o.id = m.owner_id where o.slug = 'demo' and m.slug = ?`,
  )
    .bind(model)
    .first<{ total: number; daily: number; uniques: number; versions: number }>())!
}

const grew = async (before: Awaited<ReturnType<typeof counts>>, model = 'blazeface') => {
  const after = await counts(model)
  return {
    total: after.total - before.total,
    daily: after.daily - before.daily,
    uniques: after.uniques - before.uniques,
    versions: after.versions - before.versions,
  }
}

describe('a download counts once per version, client and day', () => {
  it('counts 100 one-byte ranges and 100 repeated full downloads of one client as one', async () => {
    const before = await counts()
    for (let i = 0; i < 100; i++) {
      const { res } = await download(blazeface, '198.51.100.1', {
        headers: { range: 'bytes=0-0' },
      })
      expect(res.status).toBe(206)
    }
    expect(await grew(before)).toEqual({ total: 0, daily: 0, uniques: 0, versions: 0 })
    await Promise.all(Array.from({ length: 100 }, () => download(blazeface, '198.51.100.1')))
    expect(await grew(before)).toEqual({ total: 1, daily: 1, uniques: 1, versions: 1 })
  })

  it('counts a range that ends at the last byte, and not HEAD, 304 or a range that stops short', async () => {
    const before = await counts()
    await download(blazeface, '198.51.100.2', { method: 'HEAD' })
    const etag = `"${demoFiles['demo/blazeface/tfJs/default/1']['model.json'].sha256}"`
    const { res: notModified } = await download(blazeface, '198.51.100.2', {
      headers: { 'if-none-match': etag },
    })
    expect(notModified.status).toBe(304)
    await download(blazeface, '198.51.100.2', { headers: { range: 'bytes=10-20' } })
    expect(await grew(before)).toMatchObject({ total: 0 })

    const { res } = await download(blazeface, '198.51.100.2', {
      headers: { range: `bytes=100-${blazefaceSize - 1}` },
    })
    expect(res.status).toBe(206)
    expect(await grew(before)).toMatchObject({ total: 1, uniques: 1 })
  })

  it('counts nothing for a bad request: an unsatisfiable range, an unknown file or version, an empty subset', async () => {
    const before = await counts()
    const ip = '198.51.100.9'
    const { res: unsatisfiable } = await download(blazeface, ip, {
      headers: { range: `bytes=${blazefaceSize}-` },
    })
    expect(unsatisfiable.status).toBe(416)
    const refused = [
      ['/api/v1/files/demo/blazeface/tfJs/default/1/no-such-file.bin', 404],
      ['/api/v1/files/demo/blazeface/tfJs/default/99/model.json', 404],
      [`${archive}?include=${encodeURIComponent('nothing/*')}`, 404],
    ] as const
    for (const [path, status] of refused) {
      const { res } = await download(path, ip)
      expect(res.status, path).toBe(status)
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/)
    }
    expect(await grew(before)).toEqual({ total: 0, daily: 0, uniques: 0, versions: 0 })
  })

  it('counts each client, and one client once per model day across versions', async () => {
    const before = await counts()
    await download(blazeface, '198.51.100.3')
    await download(blazeface, '198.51.100.4')
    // the same client, another file of the same version: the same download
    await download('/api/v1/files/demo/blazeface/tfJs/default/1/blazeface.bin', '198.51.100.3')
    // the whole version as an archive: still that version
    await download(archive, '198.51.100.3')
    expect(await grew(before)).toEqual({ total: 2, daily: 2, uniques: 2, versions: 2 })
  })

  it('stores no address, only a hash salted for the day', async () => {
    await download(blazeface, '203.0.113.77')
    const rows = await env.DB.prepare(
      'select e.client, s.salt from download_events e join download_salts s on s.day = e.day',
    ).all<{ client: string; salt: string }>()
    expect(rows.results.length).toBeGreaterThan(0)
    for (const row of rows.results) {
      expect(row.client).toMatch(/^[0-9a-f]{32}$/)
      expect(row.client).not.toContain('203.0.113.77')
    }
  })

  it('forgets who downloaded once the day is over, keeping the counts', async () => {
    const before = await counts()
    await pruneDownloadClients(db(), utcDay(new Date(Date.now() + 24 * 3600 * 1000)))
    const left = await env.DB.prepare(
      'select (select count(*) from download_events) as events, (select count(*) from download_salts) as salts',
    ).first<{ events: number; salts: number }>()
    expect(left).toEqual({ events: 0, salts: 0 })
    expect(await grew(before)).toEqual({ total: 0, daily: 0, uniques: 0, versions: 0 })
  })

  it('counts an answer of the whole file when it is made, whether or not it is read to the end', async () => {
    const before = await counts()
    await download(blazeface, '198.51.100.5', { read: 'cancel' })
    expect(await grew(before)).toMatchObject({ total: 1 })
  })

  it('counts a tar assembled on the fly, of the whole version or of a subset', async () => {
    const before = await counts()
    const { res } = await download(`${archive}?format=tar`, '198.51.100.6')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-tar')
    await download(`${archive}?include=*.json`, '198.51.100.7')
    expect(await grew(before)).toMatchObject({ total: 2, versions: 2 })
  })

  it('still serves the file when the count cannot be written', async () => {
    const before = await counts()
    await env.DB.exec('ALTER TABLE download_events RENAME TO download_events_away')
    try {
      const ctx = createExecutionContext()
      const res = await app.request(
        `http://modelport.test${blazeface}`,
        { headers: { 'cf-connecting-ip': '198.51.100.9' } },
        env,
        ctx,
      )
      expect(res.status).toBe(200)
      expect(await sha256Hex(res.body)).toBe(
        demoFiles['demo/blazeface/tfJs/default/1']['model.json'].sha256,
      )
      await waitOnExecutionContext(ctx)
    } finally {
      await env.DB.exec('ALTER TABLE download_events_away RENAME TO download_events')
    }
    expect(await grew(before)).toMatchObject({ total: 0 })
  })
})

describe('GET /api/v1/stats/models/:owner/:model with counted downloads', () => {
  it('answers the series per day and per variation, and the same as CSV', async () => {
    await download('/api/v1/files/demo/movenet/tfJs/singlepose-lightning/1/model.json', '192.0.2.1')
    await download('/api/v1/files/demo/movenet/tfJs/singlepose-lightning/1/model.json', '192.0.2.2')
    const body = await json<ModelStatsResponse>(
      await request('/api/v1/stats/models/demo/movenet?days=7'),
    )
    const today = body.daily.at(-1)!
    expect(today).toMatchObject({ day: utcDay(new Date()), downloads: 2, uniqueDownloaders: 2 })
    const lightning = body.variations.find((v) => v.slug === 'singlepose-lightning')!
    expect(lightning).toMatchObject({
      framework: 'MODEL_FRAMEWORK_TF_JS',
      frameworkSlug: 'tfJs',
      downloadsInRange: 2,
      downloadCount: 2,
    })
    expect(lightning.daily).toHaveLength(7)
    expect(body).toMatchObject({ downloadsInRange: 2, uniqueDownloadersInRange: 2 })
    // the variation's own count, in the model's detail and in the variation's answer alike
    const detail = await json<ApiModelDetail>(await request('/api/v1/models/demo/movenet/get'))
    const instance = detail.instances!.find((i) => i.slug === 'singlepose-lightning')!
    expect(instance.downloadCount).toBe(2)
    expect(
      await json<ApiModelInstance>(
        await request('/api/v1/models/demo/movenet/tfJs/singlepose-lightning/get'),
      ),
    ).toMatchObject({ downloadCount: 2 })

    const csv = await request('/api/v1/stats/models/demo/movenet?days=7&format=csv')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="demo-movenet-usage-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const lines = (await csv.text()).trimEnd().split('\r\n')
    expect(lines).toHaveLength(8)
    expect(lines[0]).toBe(
      ['day', 'downloads', 'unique_downloaders', 'votes']
        .concat(body.variations.map((v) => `downloads ${v.frameworkSlug}/${v.slug}`))
        .join(','),
    )
    expect(lines.at(-1)).toBe(
      [today.day, 2, 2, 0, ...body.variations.map((v) => v.daily.at(-1))].join(','),
    )
  })

  it('refuses an unknown format naming the parameter', async () => {
    const res = await request('/api/v1/stats/models/demo/movenet?format=xml')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', issues: [{ path: 'format' }] },
    })
  })
})
