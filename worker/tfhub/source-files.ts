// The sync's memory of the source: one row per repository file with its git blob SHA-1 and its
// parsed form. Unchanged files are never parsed again; a file that stops parsing keeps its last
// good parsed form, and its error is recorded on its row.
import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { bulkUpsert, chunk, runInBatches } from '../../db/queries/bulk'
import { tfhubSourceFiles } from '../../db/schema'
import type { Vocabularies } from './map'
import { parseTfhubFile, parseVocabulary, type ParsedFile, type VocabularyEntry } from './parse'
import type { SourceFile } from './source'

const decoder = new TextDecoder()

export interface KnownFile {
  path: string
  blobSha1: string
  vanishedAt: Date | null
}

export interface ChangeSet {
  changed: SourceFile[]
  added: number
  vanished: string[]
}

export async function loadKnownFiles(db: Db) {
  const rows = await db
    .select({
      path: tfhubSourceFiles.path,
      blobSha1: tfhubSourceFiles.blobSha1,
      vanishedAt: tfhubSourceFiles.vanishedAt,
    })
    .from(tfhubSourceFiles)
  return new Map<string, KnownFile>(rows.map((r) => [r.path, r]))
}

/**
 * Files new or different since the last import (or back after vanishing), and files gone. With
 * `everything`, every present file counts as changed, so each is parsed again (the importer
 * changed, so their stored parsed forms are stale).
 */
export function diffSource(
  files: Map<string, SourceFile>,
  known: Map<string, KnownFile>,
  { everything = false } = {},
): ChangeSet {
  const changed = [...files.values()].filter((f) => {
    const k = known.get(f.path)
    return everything || !k || k.blobSha1 !== f.blobSha1 || k.vanishedAt !== null
  })
  const vanished = [...known.values()]
    .filter((k) => k.vanishedAt === null && !files.has(k.path))
    .map((k) => k.path)
  return { changed, added: changed.filter((f) => !known.has(f.path)).length, vanished }
}

type Parsed =
  { kind: 'catalog'; file: ParsedFile } | { kind: 'vocabulary'; entries: VocabularyEntry[] }

export interface SourceState {
  files: ParsedFile[]
  vocabularies: Vocabularies
  /** per changed file: its new parsed form, or the error that kept its last good one */
  results: Map<string, { parsed?: Parsed; error?: string }>
}

/**
 * The parsed source after this change: changed files parsed now, every other present file as
 * stored. Publisher ids match [a-z0-9-]+, so names like `_tags` under assets/docs are skipped.
 */
export async function buildSourceState(
  db: Db,
  files: Map<string, SourceFile>,
  changes: ChangeSet,
  measure: <T>(work: () => T) => T = (work) => work(),
): Promise<SourceState> {
  const results = measure(() => parseChanged(changes.changed))

  const byPath = new Map<string, Parsed>()
  // stored forms first (also the last good form of a file that fails to parse now), then new ones
  const changedPaths = new Set(changes.changed.map((f) => f.path))
  const wanted = [...files.keys()].filter(
    (path) => !changedPaths.has(path) || results.get(path)?.error,
  )
  for (const [path, json] of await loadParsed(db, wanted, measure)) byPath.set(path, json)
  for (const [path, result] of results) if (result.parsed) byPath.set(path, result.parsed)

  const catalog: ParsedFile[] = []
  const vocabulary = (name: string) => {
    const stored = byPath.get(`tags/${name}.yaml`)
    return new Map(stored?.kind === 'vocabulary' ? stored.entries.map((e) => [e.id, e]) : [])
  }
  for (const parsed of byPath.values()) if (parsed.kind === 'catalog') catalog.push(parsed.file)
  catalog.sort((a, b) => a.path.localeCompare(b.path))
  return {
    files: catalog,
    vocabularies: {
      task: vocabulary('task'),
      dataset: vocabulary('dataset'),
      architecture: vocabulary('network_architecture'),
      language: vocabulary('language'),
    },
    results,
  }
}

function parseChanged(changed: SourceFile[]) {
  const results = new Map<string, { parsed?: Parsed; error?: string }>()
  for (const file of changed) {
    if (file.error) {
      results.set(file.path, { error: file.error })
      continue
    }
    try {
      const parsed = parseSourceFile(file)
      if (parsed) results.set(file.path, { parsed })
    } catch (err) {
      results.set(file.path, { error: err instanceof Error ? err.message : String(err) })
    }
  }
  return results
}

function parseSourceFile(file: SourceFile): Parsed | null {
  const text = decoder.decode(file.bytes)
  if (file.path.startsWith('tags/'))
    return { kind: 'vocabulary', entries: [...parseVocabulary(text).values()] }
  if (!/^assets\/docs\/[a-z0-9-]+\//.test(file.path)) return null
  return { kind: 'catalog', file: parseTfhubFile(file.path, text) }
}

async function loadParsed(db: Db, paths: string[], measure: <T>(work: () => T) => T) {
  const out = new Map<string, Parsed>()
  for (const part of chunk(paths, 400)) {
    const rows = await db.all<{ path: string; parsed_json: string }>(
      sql`select path, parsed_json from tfhub_source_files
          where path in (select value from json_each(${JSON.stringify(part)})) and parsed_json != '{}'`,
    )
    measure(() => {
      for (const row of rows) out.set(row.path, JSON.parse(row.parsed_json) as Parsed)
    })
  }
  return out
}

/** Records what this run saw: changed files with their parsed form or error, vanished files. */
export async function recordSourceFiles(
  db: Db,
  changes: ChangeSet,
  state: SourceState,
  revision: string | null,
  now = Date.now(),
) {
  const good = []
  const failed = []
  for (const file of changes.changed) {
    const result = state.results.get(file.path)
    const parsed = result?.parsed
    const identity =
      parsed?.kind === 'catalog'
        ? { kind: parsed.file.kind, handle: parsed.file.handle }
        : parsed?.kind === 'vocabulary'
          ? { kind: 'Vocabulary', handle: file.path }
          : { kind: 'Unparsed', handle: file.path }
    const row = {
      path: file.path,
      blobSha1: file.blobSha1,
      firstSeenRevision: revision,
      lastSeenRevision: revision,
      vanishedAt: null,
      updatedAt: new Date(now),
    }
    if (result?.error)
      failed.push({
        ...row,
        kind: 'Unparsed',
        handle: file.path,
        parsedJson: '{}',
        error: result.error,
      })
    else good.push({ ...row, ...identity, parsedJson: JSON.stringify(parsed ?? {}), error: null })
  }
  await bulkUpsert(db, tfhubSourceFiles, good, {
    conflict: ['path'],
    update: [
      'kind',
      'handle',
      'blobSha1',
      'parsedJson',
      'lastSeenRevision',
      'vanishedAt',
      'error',
      'updatedAt',
    ],
  })
  // a file that no longer parses keeps its last good kind, handle and parsed form
  await bulkUpsert(db, tfhubSourceFiles, failed, {
    conflict: ['path'],
    update: ['blobSha1', 'lastSeenRevision', 'vanishedAt', 'error', 'updatedAt'],
  })
  await runInBatches(
    db,
    chunk(changes.vanished, 500).map(
      (part) => sql`update tfhub_source_files set vanished_at = ${now}, updated_at = ${now}
          where path in (select value from json_each(${JSON.stringify(part)}))`,
    ),
  )
}
