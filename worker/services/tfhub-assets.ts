// Pull-through of TF Hub model files. An imported TF Hub version names its binary (asset-path);
// the first request for the version's files fetches it once, streams it into R2 (a tar.gz is
// unpacked into its files), records the files and the version archive in one batch, and from
// then on the version is served like any other. Concurrent first requests wait for the one fetch.
import type { Db } from '../../db/client'
import type { versions } from '../../db/schema'
import {
  attachVersionFiles,
  claimAssetFetch,
  failAssetFetch,
  getVersionById,
} from '../../db/queries/versions'
import { ApiError } from '../errors'
import { readTar } from '../lib/tar'
import { promoteStaged, type StoredBlob } from './blob-store'
import { contentTypeOf } from './publish-version'
import { stageStream } from './staged-upload'
import { buildVersionArchive } from './version-archive'

type Version = typeof versions.$inferSelect

// a fetch that takes longer than this is presumed dead and may be taken over
const leaseMs = 5 * 60 * 1000
// after a failed fetch, requests get the stored error for this long without asking upstream
const retryAfterMs = 10 * 60 * 1000
const pollMs = 200

/** Licences under which Modelport redistributes TF Hub files (docs/tfhub.md, "Licences"). */
const redistributable = new Set(['apache-2.0', 'mit', 'cc0-1.0'])

/** Where a version's asset can be fetched from, or null when it cannot (no URL in the data). */
export function assetUrl(
  version: Pick<Version, 'assetPath' | 'sourceKind' | 'sourceUrl'>,
  assetOrigin: string,
) {
  const asset = version.assetPath
  if (!asset) return null
  if (/^https?:\/\//.test(asset)) return asset
  if ((asset === 'legacy' || asset === 'internal') && version.sourceUrl) {
    // files Google hosted itself: tfhub.dev's download URLs by handle (tensorflow/hub docs/hosting.md)
    const path = new URL(version.sourceUrl).pathname
    const query = {
      Module: 'tf-hub-format=compressed',
      Tfjs: 'tfjs-format=compressed',
      Lite: 'lite-format=tflite',
      Coral: 'lite-format=tflite',
    }[version.sourceKind ?? '']
    return query ? `${assetOrigin.replace(/\/$/, '')}${path}?${query}` : null
  }
  return null
}

/**
 * Makes sure a TF Hub version's files are in R2, fetching them on first use. Returns the version
 * as it is afterwards. Community versions and versions already holding files pass through.
 */
export async function ensureVersionFiles(
  db: Db,
  bucket: R2Bucket,
  version: Version,
  context: { licenseId: string | null; assetOrigin: string },
): Promise<Version> {
  if (version.fileCount > 0 || !version.sourceKind) return version
  if (!context.licenseId || !redistributable.has(context.licenseId)) return version
  const url = assetUrl(version, context.assetOrigin)
  if (!url) return version

  const deadline = Date.now() + leaseMs
  while (Date.now() < deadline) {
    const current = (await getVersionById(db, version.id))!
    if (current.fileCount > 0) return current
    if (await claimAssetFetch(db, version.id, new Date(Date.now() + leaseMs))) {
      await fetchIntoVersion(db, bucket, current, url)
      return (await getVersionById(db, version.id))!
    }
    if (current.assetState === 'failed') {
      throw new ApiError(
        'BAD_GATEWAY',
        `could not fetch the files of this version from TF Hub: ${current.assetError}`,
      )
    }
    // another request is fetching: wait for it
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
  throw new ApiError(
    'BAD_GATEWAY',
    'timed out waiting for the files of this version to arrive from TF Hub',
  )
}

async function fetchIntoVersion(db: Db, bucket: R2Bucket, version: Version, url: string) {
  const staged: string[] = []
  try {
    const response = await fetch(url, { headers: { 'user-agent': 'modelport-pull-through' } })
    if (!response.ok || !response.body)
      throw new Error(`upstream answered ${response.status} for ${url}`)
    const files: { path: string; blob: StoredBlob }[] = []
    const stage = async (path: string, body: ReadableStream<Uint8Array>) => {
      const key = `staging/version-${version.id}/${crypto.randomUUID()}`
      staged.push(key)
      const blob = await promoteStaged(bucket, await stageStream(bucket, key, body))
      files.push({ path, blob })
    }
    if (version.sourceKind === 'Lite' || version.sourceKind === 'Coral') {
      const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '')
      await stage(name.endsWith('.tflite') ? name : 'model.tflite', response.body)
    } else {
      const { entries } = readTar(response.body.pipeThrough(new DecompressionStream('gzip')))
      for await (const entry of entries) {
        if (entry.type !== 'file') continue
        const path = entry.path.replace(/^(\.\/)+/, '')
        if (!path || path.split('/').some((s) => s === '..' || s === ''))
          throw new Error(`unsafe path in archive: ${entry.path}`)
        await stage(path, entry.body)
      }
    }
    if (!files.length) throw new Error('the asset holds no files')
    files.sort((a, b) => a.path.localeCompare(b.path))
    const archive = await buildVersionArchive(
      bucket,
      `archives/version-${version.id}.tar.gz`,
      files.map((f) => ({ path: f.path, size: f.blob.size, key: f.blob.key })),
      new Date(),
    )
    await attachVersionFiles(
      db,
      version.id,
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
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    console.error('pull-through failed', version.id, message)
    await Promise.all(staged.map((key) => bucket.delete(key)))
    await failAssetFetch(db, version.id, message, new Date(Date.now() + retryAfterMs))
    throw new ApiError(
      'BAD_GATEWAY',
      `could not fetch the files of this version from TF Hub: ${message}`,
    )
  }
}
