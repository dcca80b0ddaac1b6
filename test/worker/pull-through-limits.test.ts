// The pull-through against hostile asset hosts (scripts/source-server.mjs, /hostile/*): each case
// ends with a clear error, reads a bounded number of bytes, leaves nothing new in R2 and records
// rejected (deterministic) or failed (transient). How long each takes (the "within 1 s")
// is measured by `npm run bench:hostile`, against the fetch of a well-formed asset here. The jobs run with the production
// limits, except the stall and wall-time cases, which shorten those two timeouts (stated there).
// The source server is plain http on 127.0.0.1 with a port: test/vitest.config.ts allows exactly
// that origin through PULL_TEST_ORIGIN, a setting that exists for tests and `npm start` only.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { queueAssetFetch } from '../../db/queries/asset-fetch'
import { multipartLedger } from '../../db/queries/multipart-uploads'
import { getVersionById } from '../../db/queries/versions'
import { sweepPullStaging } from '../../worker/pull/sweep'
import { defaultPullLimits, type PullLimits } from '../../worker/pull/meter'
import { runPullJob } from '../../worker/pull/job'
import { checkUrl } from '../../worker/pull/policy'
import { stageStream } from '../../worker/services/staged-upload'
import { db, importCatalog, sha256Hex } from './helpers'

async function allKeys() {
  const keys: string[] = []
  let cursor: string | undefined
  do {
    const page = await env.BUCKET.list({ cursor })
    keys.push(...page.objects.map((o) => o.key))
    cursor = page.truncated ? page.cursor : undefined
  } while (cursor)
  return keys.sort()
}

/** The multipart uploads recorded as in progress (db/queries/multipart-uploads.ts). */
async function recordedUploads() {
  const rows = await env.DB.prepare(
    'select upload_id, key, owner from multipart_uploads order by key',
  ).all<{ upload_id: string; key: string; owner: string }>()
  return rows.results
}

async function upstreamRequests(prefix: string) {
  const res = await fetch(
    `${env.SOURCE_ORIGIN}/control/requests?prefix=${encodeURIComponent(prefix)}`,
  )
  return (await res.json<{ count: number }>()).count
}

/** A TF Hub TF.js version nobody asked for yet, its asset path pointed at `assetPath`, queued. */
async function queuedVersion(assetPath: string, sourceKind = 'Tfjs') {
  const row = await env.DB.prepare(
    `select ve.id from versions ve join variations va on va.id = ve.variation_id
     join models m on m.id = va.model_id
     where ve.source_kind = ? and ve.asset_state is null and ve.file_count = 0
       and m.license_id = 'apache-2.0' limit 1`,
  )
    .bind(sourceKind)
    .first<{ id: number }>()
  await env.DB.prepare('update versions set asset_path = ? where id = ?')
    .bind(assetPath, row!.id)
    .run()
  await queueAssetFetch(db(), row!.id, new Date(Date.now() + 60_000), new Date())
  return row!.id
}

/** Runs the fetch of a hostile asset and checks what every hostile case must leave. */
async function pullHostile(
  assetPath: string,
  limits: PullLimits = defaultPullLimits,
  sourceKind = 'Tfjs',
) {
  const id = await queuedVersion(assetPath, sourceKind)
  const before = await allKeys()
  const started = Date.now()
  const result = await runPullJob(env, id, limits)
  const ms = Date.now() - started
  expect(await allKeys()).toEqual(before)
  // every multipart upload it started was aborted and forgotten
  expect(await recordedUploads()).toEqual([])
  const version = (await getVersionById(db(), id))!
  expect(version).toMatchObject({
    fileCount: 0,
    archiveKey: null,
    assetState: result.state,
    assetLeaseToken: null,
  })
  return { ...result, ms, version }
}

const MiB = 1024 * 1024
const hostile = (name: string) => `${env.SOURCE_ORIGIN}/hostile/${name}`

beforeAll(async () => {
  await importCatalog()
})

describe('the baseline', () => {
  it('fetches a well-formed 4 MiB asset (what bench:hostile compares the cases with)', async () => {
    const id = await queuedVersion(hostile('benign'))
    const result = await runPullJob(env, id, defaultPullLimits)
    expect(result).toMatchObject({ state: 'fetched' })
    expect(result.decompressedBytes).toBeGreaterThan(4 * MiB)
    expect(await getVersionById(db(), id)).toMatchObject({ fileCount: 1, assetState: 'fetched' })
  })
})

describe('archive bombs', () => {
  it('stops a 10 MB gzip expanding to 10 GB at the expansion ratio', async () => {
    const result = await pullHostile(hostile('gzip-bomb'))
    expect(result).toMatchObject({
      state: 'rejected',
      error: 'the asset unpacks to over 100 times its size',
    })
    expect(result.compressedBytes).toBeLessThan(1 * MiB)
    expect(result.decompressedBytes).toBeLessThan(16 * MiB)
  })

  it('stops 100,000 empty members at the member cap', async () => {
    const result = await pullHostile(hostile('many-members'))
    expect(result).toMatchObject({
      state: 'rejected',
      error: 'the asset is not a valid tar archive: more than 10000 members',
    })
    // 10,000 headers of 512 bytes, and no more
    expect(result.decompressedBytes).toBeLessThan(10_001 * 512 + 4 * MiB)
  })

  it('refuses a member whose name climbs out of the version', async () => {
    const result = await pullHostile(hostile('unsafe-path'))
    expect(result).toMatchObject({
      state: 'rejected',
      error: 'the asset holds a file with an unsafe name',
    })
  })
})

describe('lying and slow upstreams', () => {
  it('refuses a Content-Length over the cap before reading the body', async () => {
    const result = await pullHostile(hostile('huge-length'))
    expect(result).toMatchObject({
      state: 'rejected',
      error: `the asset is over ${defaultPullLimits.maxCompressedBytes} bytes`,
      compressedBytes: 0,
    })
  })

  it('records a body shorter than its Content-Length as a transient failure', async () => {
    // a .tflite asset (Lite): the bytes go to R2 as they are, no gunzip in between
    const result = await pullHostile(hostile('short-body'), defaultPullLimits, 'Lite')
    expect(result.state).toBe('failed')
    expect(result.error).toMatch(/^the asset host sent 1024 of 1048576 bytes$|^the fetch failed$/)
    expect(result.version.assetRetryAt!.getTime()).toBeGreaterThan(Date.now())
  })

  it('gives up on a stalled upstream (stall timeout shortened to 300 ms here; 30 s live)', async () => {
    const result = await pullHostile(hostile('stall'), { ...defaultPullLimits, stallMs: 300 })
    expect(result).toMatchObject({
      state: 'failed',
      error: 'the asset host sent nothing for 0.3 s',
    })
  })

  it('gives up on an upstream that drips forever (wall time shortened to 500 ms here; 12 min live)', async () => {
    const result = await pullHostile(hostile('drip'), { ...defaultPullLimits, wallMs: 500 }, 'Lite')
    expect(result).toMatchObject({ state: 'failed', error: 'the fetch took longer than 0.5 s' })
  })
})

describe('which URLs are fetched', () => {
  const policy = { allowedHosts: ['tfhub.dev', '*.googleapis.com'] }

  it('allows https on the default port from listed hosts only', () => {
    expect(checkUrl('https://tfhub.dev/a?b=1', policy).href).toBe('https://tfhub.dev/a?b=1')
    expect(checkUrl('https://tfhub.dev:443/a', policy).host).toBe('tfhub.dev')
    expect(checkUrl('https://storage.googleapis.com/x', policy).host).toBe('storage.googleapis.com')
    for (const [url, why] of [
      ['http://tfhub.dev/a', /only https/],
      ['ftp://tfhub.dev/a', /only https/],
      ['https://tfhub.dev:8443/a', /port/],
      ['https://127.0.0.1/a', /IP address/],
      ['https://2130706433/a', /IP address/],
      ['https://0x7f.1/a', /IP address/],
      ['https://[::1]/a', /IP address/],
      ['https://user:pw@tfhub.dev/a', /credentials/],
      ['https://tfhub.dev.evil.example/a', /not on the list/],
      ['https://eviltfhub.dev/a', /not on the list/],
      ['https://googleapis.com.evil/a', /not on the list/],
      ['not a url', /not a valid URL/],
    ] as const)
      expect(() => checkUrl(url, policy), url).toThrow(why)
  })

  it('allows the test origin only exactly', () => {
    const testPolicy = { ...policy, testOrigin: 'http://127.0.0.1:1234' }
    expect(checkUrl('http://127.0.0.1:1234/x', testPolicy).port).toBe('1234')
    expect(() => checkUrl('http://127.0.0.1:1235/x', testPolicy)).toThrow(/only https/)
  })

  it.each([
    ['a plain http URL', 'http://tfhub.dev/model.tar.gz', 'only https URLs are fetched, not http:'],
    ['an IP literal', 'https://10.0.0.1/model.tar.gz', 'URLs naming an IP address are not fetched'],
    [
      'another port',
      'https://tfhub.dev:8443/m.tar.gz',
      'URLs with a port other than 443 are not fetched',
    ],
    [
      'a host not listed',
      'https://evil.example/m.tar.gz',
      'the host evil.example is not on the list of asset hosts',
    ],
  ])('rejects %s without asking anyone', async (_, url, error) => {
    const result = await pullHostile(url)
    expect(result).toMatchObject({ state: 'rejected', error, compressedBytes: 0 })
  })

  it.each([
    [
      'a host not listed',
      'https://evil.example/m.tar.gz',
      'the host evil.example is not on the list of asset hosts',
    ],
    ['plain http', 'http://tfhub.dev/m.tar.gz', 'only https URLs are fetched, not http:'],
    [
      'an IP literal',
      'https://169.254.169.254/latest',
      'URLs naming an IP address are not fetched',
    ],
  ])('rejects a redirect to %s, checked at that hop', async (_, to, error) => {
    const before = await upstreamRequests('/hostile/redirect')
    const result = await pullHostile(`${hostile('redirect')}?to=${encodeURIComponent(to)}`)
    expect(result).toMatchObject({ state: 'rejected', error })
    expect(await upstreamRequests('/hostile/redirect')).toBe(before + 1)
  })

  it('follows at most 5 redirects', async () => {
    const result = await pullHostile(hostile('redirect-loop/0'))
    expect(result).toMatchObject({ state: 'rejected', error: 'more than 5 redirects' })
  })
})

describe('the lease', () => {
  it('lets a takeover win: the fetch that lost it stops, and R2 and D1 agree', async () => {
    const blazeface = `${env.SOURCE_ORIGIN}/tfhub-assets/delay/300/tensorflow/tfjs-model/blazeface/1/default/1?tfjs-format=compressed`
    const id = await queuedVersion(blazeface)
    const first = runPullJob(env, id)
    // once the first fetch holds the lease, its lease runs out (as if its consumer hung)
    for (let i = 0; i < 100; i++) {
      const row = (await getVersionById(db(), id))!
      if (row.assetState === 'fetching') break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await env.DB.prepare('update versions set asset_lease_until = 0 where id = ?').bind(id).run()
    const second = await runPullJob(env, id)
    expect(second.state).toBe('fetched')
    expect((await first).state).toBe('lost')

    const version = (await getVersionById(db(), id))!
    expect(version).toMatchObject({ assetState: 'fetched', fileCount: 2, assetLeaseToken: null })
    const archive = await env.BUCKET.get(version.archiveKey!)
    expect(archive!.size).toBe(version.archiveSize)
    expect(await sha256Hex(archive!.body)).toBe(version.archiveSha256)
    const keys = await allKeys()
    expect(keys.filter((k) => k.startsWith(`archives/version-${id}-`))).toEqual([
      version.archiveKey,
    ])
    expect(keys.filter((k) => k.startsWith('staging/'))).toEqual([])
    const files = await env.DB.prepare('select r2_key, size from files where version_id = ?')
      .bind(id)
      .all<{ r2_key: string; size: number }>()
    for (const file of files.results)
      expect((await env.BUCKET.head(file.r2_key))?.size).toBe(file.size)
    // the archive went up in parts: completed, and forgotten by the ledger
    expect(await recordedUploads()).toEqual([])
  })

  it('the cron sweep ends dead leases and removes staging of tokens that lost them', async () => {
    const id = await queuedVersion('https://tfhub.dev/never-fetched')
    await env.DB.prepare(
      "update versions set asset_state = 'fetching', asset_lease_token = 'live', asset_lease_until = ? where id = ?",
    )
      .bind(Date.now() + 60_000, id)
      .run()
    await env.BUCKET.put(`staging/pull/version-${id}/live/0`, 'kept')
    await env.BUCKET.put(`staging/pull/version-${id}/dead/0`, 'swept')
    expect(await sweepPullStaging(db(), env.BUCKET)).toMatchObject({ deletedObjects: 1 })
    expect(await env.BUCKET.head(`staging/pull/version-${id}/live/0`)).not.toBeNull()
    expect(await env.BUCKET.head(`staging/pull/version-${id}/dead/0`)).toBeNull()

    await env.DB.prepare('update versions set asset_lease_until = 0 where id = ?').bind(id).run()
    expect(await sweepPullStaging(db(), env.BUCKET)).toEqual({
      expiredLeases: 1,
      abortedUploads: 0,
      deletedObjects: 1,
    })
    expect((await getVersionById(db(), id))!).toMatchObject({
      assetState: 'failed',
      assetLeaseToken: null,
    })
  })
  it('the cron sweep aborts multipart uploads of fetches that died, and leaves a live one', async () => {
    const id = await queuedVersion('https://tfhub.dev/never-fetched-either')
    await env.DB.prepare(
      "update versions set asset_state = 'fetching', asset_lease_token = 'live-uploader', asset_lease_until = ? where id = ?",
    )
      .bind(Date.now() + 60_000, id)
      .run()
    // Two uploads stream through stageStream, each recorded under its fetch's token. One part
    // (9 MiB) goes up, then the source never ends: as if the Worker was killed mid-upload.
    const sources: ReadableStreamDefaultController<Uint8Array>[] = []
    const hungStream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(9 * MiB))
          sources.push(controller)
        },
      })
    const uploads = ['live-uploader', 'dead-uploader'].map((owner) =>
      stageStream(
        env.BUCKET,
        `staging/pull/version-${id}/${owner}/0`,
        hungStream(),
        undefined,
        multipartLedger(db(), owner),
      ).then(
        () => 'completed',
        (err: Error) => err.message,
      ),
    )
    let recorded = await recordedUploads()
    for (let i = 0; i < 200 && recorded.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      recorded = await recordedUploads()
    }
    expect(recorded.map((r) => r.owner)).toEqual(['dead-uploader', 'live-uploader'])
    const [dead, live] = recorded
    // a part of each is stored
    const part = await env.BUCKET.resumeMultipartUpload(dead!.key, dead!.upload_id).uploadPart(
      2,
      'more',
    )
    expect(part.partNumber).toBe(2)

    // recorded long enough ago to count as abandoned, whatever its lease
    await env.DB.prepare('update multipart_uploads set created_at = ?')
      .bind(Date.now() - 2 * 3600 * 1000)
      .run()
    expect(await sweepPullStaging(db(), env.BUCKET)).toMatchObject({ abortedUploads: 1 })

    // the dead fetch's upload is aborted: no part can be added and it cannot be completed
    const deadUpload = env.BUCKET.resumeMultipartUpload(dead!.key, dead!.upload_id)
    await expect(deadUpload.uploadPart(3, 'late')).rejects.toThrow(/does not exist/)
    await expect(deadUpload.complete([part])).rejects.toThrow()
    expect(await env.BUCKET.head(dead!.key)).toBeNull()
    // the live lease's upload is untouched and still takes parts
    expect((await recordedUploads()).map((r) => r.upload_id)).toEqual([live!.upload_id])
    const liveUpload = env.BUCKET.resumeMultipartUpload(live!.key, live!.upload_id)
    expect((await liveUpload.uploadPart(3, 'on')).partNumber).toBe(3)

    // the sources end in error: each upload aborts itself and leaves the ledger
    for (const source of sources) source.error(new Error('source gone'))
    expect(await Promise.all(uploads)).toEqual(['source gone', 'source gone'])
    expect(await recordedUploads()).toEqual([])
    await expect(liveUpload.uploadPart(4, 'gone')).rejects.toThrow(/does not exist/)
  })
})
