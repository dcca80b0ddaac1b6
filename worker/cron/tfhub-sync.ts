// The TF Hub sync job. One subrequest when nothing changed (the commit check); otherwise it
// streams the repository archive, hashes every catalog file like git, parses only the files that
// changed, re-plans the catalog and writes only the rows that differ. The same function runs from
// the Cron Trigger, the admin endpoint and `npm start`. A catalog made by an older importer
// (IMPORT_VERSION) is re-planned from every file even when the source is unchanged.
//
// Safe to interrupt anywhere: the catalog is written before the source-file rows and the
// completed revision, so a run that dies halfway leaves those files "changed" and the next run
// redoes exactly the unfinished part. A lock with an expiry keeps two runs from interleaving; it is
// fenced by the run's id: before each write phase the run renews it, and stops if another run took
// it over, and the completed revision is recorded only while the run still holds it.
import type { ApiSyncSummary } from '../api-types'
import { createDb, type Db } from '../../db/client'
import {
  acquireSyncLock,
  completeSyncRevision,
  getSyncState,
  holdSyncLock,
  releaseSyncLock,
} from '../../db/queries/sync-state'
import { finishSyncRun, startSyncRun } from '../../db/queries/sync-runs'
import { countingD1 } from '../lib/counting-d1'
import { applyCatalogPlan } from '../tfhub/apply'
import { IMPORT_VERSION } from '../tfhub/import-version'
import { planCatalog } from '../tfhub/map'
import {
  buildSourceState,
  diffSource,
  loadKnownFiles,
  recordSourceFiles,
} from '../tfhub/source-files'
import { fetchRevision, readSourceArchive, type TfhubSource } from '../tfhub/source'

const tfhubJob = 'tfhub'
// longer than any run takes; a run that dies without releasing blocks the next ones this long
const lockTtlMs = 15 * 60 * 1000

/** What a run did: the admin endpoint answers it as it is. */
export type TfhubSyncSummary = ApiSyncSummary

export async function runTfhubSync(
  d1: D1Database,
  source: TfhubSource,
  trigger: 'cron' | 'admin' | 'start',
): Promise<TfhubSyncSummary> {
  const started = Date.now()
  const counting = countingD1(d1)
  const db = createDb(counting.d1)
  const runId = await startSyncRun(db, tfhubJob, trigger)
  const summary: TfhubSyncSummary = {
    runId,
    status: 'succeeded',
    revision: null,
    unchanged: false,
    filesSeen: 0,
    filesChanged: 0,
    filesAdded: 0,
    filesUnlisted: 0,
    errors: [],
    wallMs: 0,
    cpuMs: 0,
    subrequests: 0,
    d1Statements: 0,
  }
  const compute = <T>(work: () => T): T => {
    const t0 = performance.now()
    try {
      return work()
    } finally {
      summary.cpuMs += performance.now() - t0
    }
  }

  if (!(await acquireSyncLock(db, tfhubJob, runId, lockTtlMs))) {
    summary.status = 'skipped'
    summary.message = 'another TF Hub sync is running'
  } else {
    try {
      const fence = async () => {
        if (!(await holdSyncLock(db, tfhubJob, runId, lockTtlMs)))
          throw new Error('the sync lock expired and another run took it over')
      }
      await syncLocked(db, source, summary, compute, fence)
    } catch (err) {
      summary.status = 'failed'
      summary.message = err instanceof Error ? err.message : String(err)
      console.error('tfhub sync failed', err)
    } finally {
      await releaseSyncLock(db, tfhubJob, runId).catch((err) =>
        console.error('could not release the sync lock', err),
      )
    }
  }

  summary.wallMs = Date.now() - started
  summary.cpuMs = Math.round(summary.cpuMs)
  summary.d1Statements = counting.counter.statements + 1
  await finishSyncRun(db, runId, {
    status: summary.status,
    sourceRevision: summary.revision,
    filesSeen: summary.filesSeen,
    filesChanged: summary.filesChanged,
    filesAdded: summary.filesAdded,
    filesUnlisted: summary.filesUnlisted,
    errorCount: summary.errors.length,
    errorsJson: summary.errors.length ? JSON.stringify(summary.errors.slice(0, 500)) : null,
    message: summary.message ?? null,
    cpuMs: summary.cpuMs,
    wallMs: summary.wallMs,
    subrequests: summary.subrequests,
  })
  return summary
}

async function syncLocked(
  db: Db,
  source: TfhubSource,
  summary: TfhubSyncSummary,
  compute: <T>(work: () => T) => T,
  fence: () => Promise<void>,
) {
  const state = await getSyncState(db, tfhubJob)
  const last = { revision: state?.sourceRevision ?? null, etag: state?.sourceEtag ?? null }
  const importerChanged = state?.sourceRevision != null && state.importVersion !== IMPORT_VERSION
  const head = await fetchRevision(source, last)
  if (source.commitUrl) summary.subrequests++
  summary.revision = head.revision
  if (head.unchanged && !importerChanged) {
    summary.unchanged = true
    summary.message = 'source unchanged'
    return
  }

  const archive = await readSourceArchive(source, head.revision)
  summary.subrequests++
  summary.revision = archive.revision
  summary.filesSeen = archive.files.size

  const known = await loadKnownFiles(db)
  const diff = compute(() => diffSource(archive.files, known, { everything: importerChanged }))
  if (importerChanged)
    summary.message = `importer changed (${state?.importVersion ?? 'unversioned'} → ${IMPORT_VERSION}): every file re-planned`
  summary.filesChanged = diff.changed.length
  summary.filesAdded = diff.added
  summary.filesUnlisted = diff.vanished.length

  if (diff.changed.length || diff.vanished.length) {
    const parsed = await buildSourceState(db, archive.files, diff, compute)
    for (const [path, result] of parsed.results)
      if (result.error) summary.errors.push({ path, message: result.error })
    const plan = compute(() => planCatalog(parsed.files, parsed.vocabularies))
    summary.errors.push(...plan.problems)
    await fence()
    summary.applied = await applyCatalogPlan(db, plan)
    summary.errors.push(...summary.applied.problems)
    await fence()
    await recordSourceFiles(db, diff, parsed, archive.revision)
  }
  const completed = { revision: archive.revision, etag: head.etag, importVersion: IMPORT_VERSION }
  if (!(await completeSyncRevision(db, tfhubJob, summary.runId, completed)))
    throw new Error('the sync lock expired and another run took it over')
}
