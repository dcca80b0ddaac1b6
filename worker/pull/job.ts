// One pull-through fetch, run by the queue consumer (docs/pull-through.md): claim the version
// with a fresh lease token, stream the asset through the caps into staging objects, then, still
// holding the lease, move the files to their content keys, build the version archive under a key
// of this token, and commit files and state in one fenced D1 batch. Whatever ends the fetch early
// leaves no object behind and records rejected (deterministic) or failed (to retry later).
import { createDb } from '../../db/client'
import {
  claimAssetFetch,
  commitAssetFetch,
  endAssetFetch,
  renewAssetLease,
} from '../../db/queries/asset-fetch'
import { multipartLedger } from '../../db/queries/multipart-uploads'
import { readTar } from '../lib/tar'
import { promoteStaged, type StoredBlob } from '../services/blob-store'
import { contentTypeOf } from '../services/publish-version'
import { stageStream, type StagedObject } from '../services/staged-upload'
import { buildVersionArchive } from '../services/version-archive'
import { assetUrl } from './asset-url'
import { memberPath } from './member-path'
import { capBytes, defaultPullLimits, gunzipMetered, Meter, meterCompressed } from './meter'
import type { PullLimits } from './meter'
import { classify, LeaseLost, PullFailed, PullRejected } from './outcome'
import { urlPolicyFromEnv } from './policy'
import { fetchUpstream } from './upstream'

type PullEnv = Pick<
  Env,
  'DB' | 'BUCKET' | 'TFHUB_ASSET_ORIGIN' | 'PULL_ALLOWED_HOSTS' | 'PULL_TEST_ORIGIN'
>

export interface PullResult {
  /** skipped: nothing to claim (fetched already, or another fetch holds a live lease) */
  state: 'fetched' | 'rejected' | 'failed' | 'lost' | 'skipped'
  error?: string
  compressedBytes: number
  decompressedBytes: number
}

// a fetch whose lease ran out (its consumer died) may be taken over
const leaseMs = 5 * 60 * 1000
// members up to this size are read whole, hashed, and stored once per content
const smallFileBytes = 1024 * 1024

const stagingPrefix = (versionId: number, token: string) =>
  `staging/pull/version-${versionId}/${token}/`

/** Exponential backoff for transient failures: 1 min, 2, 4, … at most 6 h. */
const retryDelayMs = (attempts: number) =>
  Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600 * 1000)

export async function runPullJob(
  env: PullEnv,
  versionId: number,
  limits: PullLimits = defaultPullLimits,
): Promise<PullResult> {
  const db = createDb(env.DB)
  const token = crypto.randomUUID()
  const meter = new Meter(limits)
  const version = await claimAssetFetch(
    db,
    versionId,
    token,
    new Date(Date.now() + leaseMs),
    new Date(),
  )
  if (!version) return { state: 'skipped', compressedBytes: 0, decompressedBytes: 0 }

  const staging = stagingPrefix(versionId, token)
  // multipart uploads are recorded under the lease token: the cron aborts them once it is dead
  const ledger = multipartLedger(db, token)
  const abort = new AbortController()
  const timer = setTimeout(
    () => abort.abort(new PullFailed(`the fetch took longer than ${limits.wallMs / 1000} s`)),
    limits.wallMs,
  )
  let totalBytes: number | null = null
  let renewedAt = Date.now()
  const renew = async (now = false) => {
    if (abort.signal.aborted) throw abort.signal.reason
    if (!now && Date.now() - renewedAt < limits.renewMs) return
    renewedAt = Date.now()
    const progress = { receivedBytes: meter.compressed, totalBytes }
    if (!(await renewAssetLease(db, versionId, token, new Date(Date.now() + leaseMs), progress)))
      throw new LeaseLost()
  }
  let archiveKey: string | undefined
  try {
    const url = assetUrl(version, env.TFHUB_ASSET_ORIGIN)
    if (!url) throw new PullRejected('the version names no asset URL')
    const response = await fetchUpstream(url, urlPolicyFromEnv(env), abort.signal)
    totalBytes = declaredLength(response, limits)
    const body = meterCompressed(response.body!, meter, totalBytes, abort.signal)

    const staged: { path: string; object: StagedObject }[] = []
    if (version.sourceKind === 'Lite' || version.sourceKind === 'Coral') {
      // one .tflite file; its name in the URL is not trusted
      const stream = capBytes(body, limits.maxFileBytes, meter)
      staged.push({
        path: 'model.tflite',
        object: await stageStream(env.BUCKET, `${staging}0`, stream, undefined, ledger),
      })
    } else {
      const bySha = new Map<string, StagedObject>()
      const seen = new Set<string>()
      const tar = readTar(gunzipMetered(body, meter), {
        maxEntries: limits.maxMembers,
        maxBytes: limits.maxDecompressedBytes,
      })
      for await (const entry of tar.entries) {
        await renew()
        if (entry.type !== 'file') continue
        const path = memberPath(entry.path)
        if (seen.has(path.toLowerCase()))
          throw new PullRejected('the asset holds two files of the same name')
        seen.add(path.toLowerCase())
        if (entry.size > limits.maxFileBytes)
          throw new PullRejected(`a file of the asset is over ${limits.maxFileBytes} bytes`)
        const key = `${staging}${staged.length}`
        const object =
          entry.size <= smallFileBytes
            ? await stageSmall(env.BUCKET, key, await entry.bytes(smallFileBytes), bySha)
            : await stageStream(env.BUCKET, key, entry.body, undefined, ledger)
        staged.push({ path, object })
      }
    }
    if (!staged.length) throw new PullRejected('the asset holds no files')

    await renew(true)
    const blobs = new Map<string, StoredBlob>()
    for (const { object } of staged) {
      if (!blobs.has(object.key)) blobs.set(object.key, await promoteStaged(env.BUCKET, object))
      await renew()
    }
    const files = staged
      .map(({ path, object }) => ({ path, blob: blobs.get(object.key)! }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    archiveKey = `archives/version-${versionId}-${token}.tar.gz`
    const archive = await buildVersionArchive(
      env.BUCKET,
      archiveKey,
      files.map((f) => ({ path: f.path, size: f.blob.size, key: f.blob.key })),
      version.createdAt,
      ledger,
    )
    const committed = await commitAssetFetch(
      db,
      versionId,
      token,
      files.map((f) => ({
        path: f.path,
        size: f.blob.size,
        sha256: f.blob.sha256,
        md5: f.blob.md5,
        contentType: contentTypeOf(f.path),
        r2Key: f.blob.key,
      })),
      {
        archiveKey: archive.key,
        archiveSize: archive.size,
        archiveSha256: archive.sha256,
        archiveMd5: archive.md5,
      },
    )
    if (!committed) throw new LeaseLost()
    return {
      state: 'fetched',
      compressedBytes: meter.compressed,
      decompressedBytes: meter.decompressed,
    }
  } catch (thrown) {
    const err = meter.failure ?? thrown
    abort.abort(err)
    await removeObjects(env.BUCKET, staging, archiveKey)
    const result = { compressedBytes: meter.compressed, decompressedBytes: meter.decompressed }
    if (err instanceof LeaseLost) return { state: 'lost', ...result }
    const outcome = classify(err)
    if (outcome.error === 'the fetch failed') console.error('pull-through', versionId, err)
    const retryAt =
      outcome.state === 'failed' ? new Date(Date.now() + retryDelayMs(version.assetAttempts)) : null
    await endAssetFetch(db, versionId, token, { ...outcome, retryAt })
    return { ...outcome, ...result }
  } finally {
    clearTimeout(timer)
  }
}

function declaredLength(response: Response, limits: PullLimits) {
  const header = response.headers.get('content-length')
  if (header === null || response.headers.has('content-encoding')) return null
  if (!/^\d{1,20}$/.test(header))
    throw new PullRejected('the asset host sent a malformed Content-Length')
  const length = Number(header)
  if (length > limits.maxCompressedBytes)
    throw new PullRejected(`the asset is over ${limits.maxCompressedBytes} bytes`)
  return length
}

/** Stores a small member once per content: 10,000 empty files cost one write. */
async function stageSmall(
  bucket: R2Bucket,
  key: string,
  bytes: Uint8Array,
  bySha: Map<string, StagedObject>,
) {
  const sha256 = bytes.length ? hex(await crypto.subtle.digest('SHA-256', bytes)) : emptySha256
  const known = bySha.get(sha256)
  if (known) return known
  const md5 = base64(await crypto.subtle.digest('MD5', bytes))
  await bucket.put(key, bytes, { sha256 })
  const object = { key, size: bytes.length, sha256, md5 }
  bySha.set(sha256, object)
  return object
}

/** Deletes this fetch's staging objects, and its archive when it was not committed. */
async function removeObjects(bucket: R2Bucket, prefix: string, archiveKey?: string) {
  try {
    if (archiveKey) await bucket.delete(archiveKey)
    let cursor: string | undefined
    do {
      const page = await bucket.list({ prefix, cursor })
      if (page.objects.length) await bucket.delete(page.objects.map((o) => o.key))
      cursor = page.truncated ? page.cursor : undefined
    } while (cursor)
  } catch (err) {
    // the cron's sweep removes what is left (worker/pull/sweep.ts)
    console.error('pull-through cleanup', prefix, err)
  }
}

const emptySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const hex = (buffer: ArrayBuffer) =>
  [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('')
const base64 = (buffer: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
