// Publishing a version whose file bytes are already in R2: record the files, build the archive,
// then flip the version to ready. Until then it is 'pending' and invisible; a publish that dies
// halfway is finished by running finishVersion again (the cron does: worker/publish/
// finish-pending.ts).
import type { Db } from '../../db/client'
import { createPendingVersion, markVersionReady, type NewFile } from '../../db/queries/versions'
import { assertSafeStoredPaths, safeStoredPath } from '../lib/file-path'
import { reindexModels } from '../search'
import { buildVersionArchive } from './version-archive'

/** A version to make: which variation, its number (never reused) and its notes. */
export interface NewVersion {
  variationId: number
  number: number
  notes: string
}

type VersionInput = NewVersion & { files: NewFile[] }

/** Records the version and its files, pending and invisible; answers its id and sorted files. */
export async function recordPendingVersion(db: Db, input: VersionInput) {
  const files = input.files
    .map((f) => ({ ...f, path: safeStoredPath(f.path) }))
    .sort((a, b) => a.path.localeCompare(b.path))
  assertSafeStoredPaths(files.map((f) => f.path))
  const versionId = await createPendingVersion(
    db,
    input.variationId,
    input.number,
    input.notes,
    files,
  )
  return { versionId, files }
}

/** Builds the archive of a recorded version, then makes it ready. Safe to run again. */
export async function finishVersion(
  db: Db,
  bucket: R2Bucket,
  versionId: number,
  files: { path: string; size: number; r2Key: string }[],
) {
  const archive = await buildVersionArchive(
    bucket,
    `archives/version-${versionId}.tar.gz`,
    files.map((f) => ({ path: f.path, size: f.size, key: f.r2Key })),
    new Date(),
  )
  const modelId = await markVersionReady(db, versionId, {
    fileCount: files.length,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    archiveKey: archive.key,
    archiveSize: archive.size,
    archiveSha256: archive.sha256,
    archiveMd5: archive.md5,
  })
  await reindexModels(db, [modelId])
  return versionId
}

/**
 * Finishes a recorded version within a create call. The call answers with the version whatever
 * happens: a failure leaves it pending for the cron's sweep (worker/publish/finish-pending.ts).
 */
export async function finishOrLeavePending(
  db: Db,
  bucket: R2Bucket,
  versionId: number,
  files: { path: string; size: number; r2Key: string }[],
) {
  try {
    await finishVersion(db, bucket, versionId, files)
  } catch (err) {
    console.error(
      `publish version ${versionId}: ${err instanceof Error ? err.message : String(err)}; left pending for the cron`,
    )
  }
}

export async function publishVersion(db: Db, bucket: R2Bucket, input: VersionInput) {
  const { versionId, files } = await recordPendingVersion(db, input)
  return finishVersion(db, bucket, versionId, files)
}

const contentTypes: Record<string, string> = {
  json: 'application/json',
  bin: 'application/octet-stream',
  tflite: 'application/octet-stream',
  pb: 'application/octet-stream',
  onnx: 'application/octet-stream',
  safetensors: 'application/octet-stream',
  gguf: 'application/octet-stream',
  txt: 'text/plain',
  md: 'text/markdown',
  yaml: 'application/yaml',
  gz: 'application/gzip',
  zip: 'application/zip',
}

/** What a file is, by its extension; shown in listings (downloads are always octet-stream). */
export function contentTypeOf(path: string) {
  const ext = path.split('.').pop()?.toLowerCase() ?? ''
  return contentTypes[ext] ?? 'application/octet-stream'
}
