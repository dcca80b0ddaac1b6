// The TF Hub sync job: reads the tfhub.dev repository archive as a stream, hashes every catalog
// file like git does, and when anything changed re-plans the catalog and writes what differs.
// The same function runs from the Cron Trigger, the admin endpoint and `npm start`.
import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { bulkUpsert, runInBatches } from '../../db/queries/bulk'
import { finishSyncRun, startSyncRun } from '../../db/queries/sync-runs'
import { tfhubSourceFiles } from '../../db/schema'
import { readTar } from '../lib/tar'
import { applyCatalogPlan, type ApplyCounts } from '../tfhub/apply'
import { planCatalog, type Vocabularies } from '../tfhub/map'
import { parseTfhubFile, parseVocabulary, type ParsedFile } from '../tfhub/parse'

export interface TfhubSyncSummary {
  runId: number
  status: 'succeeded' | 'failed'
  revision: string | null
  filesSeen: number
  filesChanged: number
  filesAdded: number
  filesUnlisted: number
  errors: { path: string; message: string }[]
  applied?: ApplyCounts
  message?: string
  wallMs: number
}

interface SourceFile {
  path: string
  blobSha1: string
  bytes: Uint8Array
}

const decoder = new TextDecoder()

export async function runTfhubSync(db: Db, sourceUrl: string, trigger: 'cron' | 'admin' | 'start'): Promise<TfhubSyncSummary> {
  const started = Date.now()
  const runId = await startSyncRun(db, 'tfhub', trigger)
  const summary: TfhubSyncSummary = {
    runId,
    status: 'succeeded',
    revision: null,
    filesSeen: 0,
    filesChanged: 0,
    filesAdded: 0,
    filesUnlisted: 0,
    errors: [],
    wallMs: 0,
  }
  try {
    const archive = await readSourceArchive(sourceUrl)
    summary.revision = archive.revision
    summary.filesSeen = archive.files.size

    const known = await db
      .select({ path: tfhubSourceFiles.path, blobSha1: tfhubSourceFiles.blobSha1, vanishedAt: tfhubSourceFiles.vanishedAt })
      .from(tfhubSourceFiles)
    const knownByPath = new Map(known.map((k) => [k.path, k]))
    const changed = [...archive.files.values()].filter((f) => {
      const k = knownByPath.get(f.path)
      return !k || k.blobSha1 !== f.blobSha1 || k.vanishedAt !== null
    })
    const vanished = known.filter((k) => k.vanishedAt === null && !archive.files.has(k.path))
    summary.filesChanged = changed.length
    summary.filesAdded = changed.filter((f) => !knownByPath.has(f.path)).length
    summary.filesUnlisted = vanished.length

    if (changed.length || vanished.length) {
      const { parsed, errors } = parseArchive(archive.files)
      summary.errors = errors
      const plan = planCatalog(parsed, vocabulariesOf(archive.files))
      summary.errors.push(...plan.problems)
      summary.applied = await applyCatalogPlan(db, plan)
      await recordSourceFiles(db, changed, vanished.map((v) => v.path), parsed, errors, archive.revision)
    }
  } catch (err) {
    summary.status = 'failed'
    summary.message = err instanceof Error ? err.message : String(err)
    console.error('tfhub sync failed', err)
  }
  summary.wallMs = Date.now() - started
  await finishSyncRun(db, runId, {
    status: summary.status,
    sourceRevision: summary.revision,
    filesSeen: summary.filesSeen,
    filesChanged: summary.filesChanged,
    filesAdded: summary.filesAdded,
    filesUnlisted: summary.filesUnlisted,
    errorCount: summary.errors.length,
    message: summary.message ?? (summary.errors.length ? summary.errors.slice(0, 20).map((e) => `${e.path}: ${e.message}`).join('\n') : null),
    wallMs: summary.wallMs,
  })
  return summary
}

/** Streams a GitHub-style gzip tar and keeps the catalog files, keyed by their repository path. */
export async function readSourceArchive(url: string) {
  const response = await fetch(url, { headers: { 'user-agent': 'modelport-tfhub-sync' } })
  if (!response.ok || !response.body) throw new Error(`TF Hub source answered ${response.status} for ${url}`)
  const { entries, globals } = readTar(response.body.pipeThrough(new DecompressionStream('gzip')))
  const files = new Map<string, SourceFile>()
  for await (const entry of entries) {
    if (entry.type !== 'file') continue
    // GitHub archives put everything under one top-level folder, whatever its name
    const path = entry.path.slice(entry.path.indexOf('/') + 1)
    const wanted = (path.startsWith('assets/docs/') && path.endsWith('.md')) || /^tags\/[^/]+\.yaml$/.test(path)
    if (!wanted) continue
    const bytes = await entry.bytes()
    files.set(path, { path, bytes, blobSha1: await gitBlobSha1(bytes) })
  }
  return { files, revision: globals.comment ?? null }
}

export async function gitBlobSha1(bytes: Uint8Array) {
  const header = new TextEncoder().encode(`blob ${bytes.length}\0`)
  const data = new Uint8Array(header.length + bytes.length)
  data.set(header)
  data.set(bytes, header.length)
  const digest = await crypto.subtle.digest('SHA-1', data)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export function parseArchive(files: Map<string, SourceFile>) {
  const parsed: ParsedFile[] = []
  const errors: { path: string; message: string }[] = []
  for (const file of files.values()) {
    if (!file.path.startsWith('assets/docs/')) continue
    // publisher ids match [a-z0-9-]+, so a top-level name like _tags is never a publisher
    if (!/^assets\/docs\/[a-z0-9-]+\//.test(file.path)) continue
    try {
      parsed.push(parseTfhubFile(file.path, decoder.decode(file.bytes)))
    } catch (err) {
      errors.push({ path: file.path, message: err instanceof Error ? err.message : String(err) })
    }
  }
  return { parsed, errors }
}

export function vocabulariesOf(files: Map<string, SourceFile>): Vocabularies {
  const read = (name: string) => {
    const file = files.get(`tags/${name}.yaml`)
    return file ? parseVocabulary(decoder.decode(file.bytes)) : new Map()
  }
  return { task: read('task'), dataset: read('dataset'), architecture: read('network_architecture'), language: read('language') }
}

async function recordSourceFiles(
  db: Db,
  changed: SourceFile[],
  vanished: string[],
  parsed: ParsedFile[],
  errors: { path: string; message: string }[],
  revision: string | null,
) {
  const parsedByPath = new Map(parsed.map((p) => [p.path, p]))
  const errorByPath = new Map(errors.map((e) => [e.path, e.message]))
  const rows = changed.map((file) => {
    const p = parsedByPath.get(file.path)
    const { body: _body, ...header } = p ?? { body: '' }
    return {
      path: file.path,
      kind: p?.kind ?? (file.path.startsWith('tags/') ? 'Vocabulary' : 'Unparsed'),
      handle: p?.handle ?? file.path,
      blobSha1: file.blobSha1,
      parsedJson: JSON.stringify(p ? header : {}),
      firstSeenRevision: revision,
      lastSeenRevision: revision,
      vanishedAt: null,
      error: errorByPath.get(file.path) ?? null,
      updatedAt: new Date(),
    }
  })
  await bulkUpsert(db, tfhubSourceFiles, rows, {
    conflict: ['path'],
    update: ['kind', 'handle', 'blobSha1', 'parsedJson', 'lastSeenRevision', 'vanishedAt', 'error', 'updatedAt'],
  })
  const now = Date.now()
  await runInBatches(
    db,
    chunkPaths(vanished).map((paths) => sql`update tfhub_source_files set vanished_at = ${now} where path in (select value from json_each(${JSON.stringify(paths)}))`),
  )
}

function chunkPaths(paths: string[]) {
  const out: string[][] = []
  for (let i = 0; i < paths.length; i += 500) out.push(paths.slice(i, i + 500))
  return out
}
