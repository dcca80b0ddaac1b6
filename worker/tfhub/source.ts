// Where the tfhub.dev repository comes from: GitHub in production, a local server that serves
// the bundled snapshot in the same layout in development and tests. One code path for both.
import { gunzip } from '../lib/gunzip'
import { readTar } from '../lib/tar'

export interface TfhubSource {
  /** gzip tar in GitHub's archive layout; `{revision}` is replaced by the commit id when known */
  archiveUrl: string
  /** answers the branch's commit id (GitHub: commits/master with Accept: application/vnd.github.sha) */
  commitUrl?: string
  /** read-only GitHub token: authenticated 304s do not count against the rate limit */
  token?: string
}

export interface SourceFile {
  path: string
  blobSha1: string
  bytes: Uint8Array
  /** why the file was not read (too large): an error of this file, which keeps its last good state */
  error?: string
}

// Caps on what one source archive may cost the cron. The snapshot (db/seed/tfhub) has 2,827
// catalog files, the largest 14,612 bytes, 8.75 MB in all, in about 11 MB of tar.
/** one catalog file, read whole: ~70x the largest real one, under the 3 MB poison-pill card */
const maxSourceFileBytes = 1024 * 1024
/** catalog files kept in memory in all: ~3.7x today's, well inside an isolate's 128 MB */
const maxSourceTotalBytes = 32 * 1024 * 1024
/** decompressed tar read in all (files not kept are streamed past): ~10x today's */
const maxSourceArchiveBytes = 128 * 1024 * 1024
/** members of every kind: today's archive has under 4,000 */
const maxSourceMembers = 20_000

export function tfhubSourceFromEnv(env: Env): TfhubSource {
  return {
    archiveUrl: env.TFHUB_SOURCE_URL,
    commitUrl: env.TFHUB_COMMIT_URL || undefined,
    token: env.GITHUB_TOKEN,
  }
}

const userAgent = 'modelport-tfhub-sync'

function headers(source: TfhubSource, extra: Record<string, string> = {}) {
  const h: Record<string, string> = { 'user-agent': userAgent, ...extra }
  if (source.token) h.authorization = `Bearer ${source.token}`
  return h
}

/**
 * The cheap change check: one request for the current commit id, conditional on the last ETag.
 * `unchanged` means the source is where the last completed run left it.
 */
export async function fetchRevision(
  source: TfhubSource,
  last: { revision: string | null; etag: string | null },
) {
  if (!source.commitUrl) return { revision: null, etag: null, unchanged: false }
  const extra: Record<string, string> = { accept: 'application/vnd.github.sha' }
  if (last.etag && last.revision) extra['if-none-match'] = last.etag
  const response = await fetch(source.commitUrl, { headers: headers(source, extra) })
  if (response.status === 304) return { revision: last.revision, etag: last.etag, unchanged: true }
  if (!response.ok)
    throw new Error(`TF Hub commit check answered ${response.status} for ${source.commitUrl}`)
  const revision = (await response.text()).trim()
  if (!/^[0-9a-f]{40}$/.test(revision))
    throw new Error(`TF Hub commit check gave no commit id: ${revision.slice(0, 80)}`)
  return { revision, etag: response.headers.get('etag'), unchanged: revision === last.revision }
}

/**
 * Streams the gzip tar and keeps the catalog files (assets/docs/**.md, tags/*.yaml), keyed by
 * their repository path, each with its git blob SHA-1. Throws on a corrupt or truncated archive,
 * before anything has been written.
 */
export async function readSourceArchive(source: TfhubSource, revision: string | null) {
  const url = source.archiveUrl.replace('{revision}', revision ?? 'master')
  const response = await fetch(url, { headers: headers(source) })
  if (!response.ok || !response.body)
    throw new Error(`TF Hub source answered ${response.status} for ${url}`)
  const { entries, globals } = readTar(gunzip(response.body), {
    maxBytes: maxSourceArchiveBytes,
    maxEntries: maxSourceMembers,
  })
  const files = new Map<string, SourceFile>()
  let kept = 0
  for await (const entry of entries) {
    if (entry.type !== 'file') continue
    // GitHub archives put everything under one top-level folder, whatever its name
    const path = entry.path.slice(entry.path.indexOf('/') + 1)
    const wanted =
      (path.startsWith('assets/docs/') && path.endsWith('.md')) || /^tags\/[^/]+\.yaml$/.test(path)
    if (!wanted) continue
    if (entry.size > maxSourceFileBytes) {
      // not read (the reader streams past it); its id changes with its size, so it is re-checked
      // when it changes, and a file that shrinks under the cap is read again
      const error = `file of ${entry.size} bytes is over the ${maxSourceFileBytes}-byte cap of a catalog file`
      const blobSha1 = await gitBlobSha1(new TextEncoder().encode(`oversize ${entry.size}`))
      files.set(path, { path, bytes: new Uint8Array(0), blobSha1, error })
      continue
    }
    kept += entry.size
    if (kept > maxSourceTotalBytes)
      throw new Error(
        `the catalog files of the TF Hub archive pass ${maxSourceTotalBytes} bytes in all (at ${path})`,
      )
    const bytes = await entry.bytes(maxSourceFileBytes)
    files.set(path, { path, bytes, blobSha1: await gitBlobSha1(bytes) })
  }
  const archiveRevision = globals.comment ?? null
  if (revision && archiveRevision && archiveRevision !== revision) {
    throw new Error(`archive is of commit ${archiveRevision}, expected ${revision}`)
  }
  if (!files.size) throw new Error('archive holds no catalog files')
  return { files, revision: archiveRevision ?? revision }
}

/** git's object id of a file: SHA-1 of "blob <length>\0" followed by the bytes. */
async function gitBlobSha1(bytes: Uint8Array) {
  const header = new TextEncoder().encode(`blob ${bytes.length}\0`)
  const data = new Uint8Array(header.length + bytes.length)
  data.set(header)
  data.set(bytes, header.length)
  const digest = await crypto.subtle.digest('SHA-1', data)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
