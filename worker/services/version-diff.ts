// What changed between two versions of a variation, file by file: added, removed and changed
// (same path, other bytes), with sizes; unchanged files are counted, not listed.
import type { VersionDiffFile, VersionDiffResponse } from '../api-types'

interface DiffedFile {
  path: string
  size: number
  sha256: string
}

interface DiffedVersion {
  number: number
  files: DiffedFile[]
}

export function diffVersions(from: DiffedVersion, to: DiffedVersion): VersionDiffResponse {
  const before = new Map(from.files.map((f) => [f.path, f]))
  const after = new Map(to.files.map((f) => [f.path, f]))
  const changes: VersionDiffFile[] = []
  let unchanged = 0
  for (const [path, old] of before) {
    const now = after.get(path)
    if (!now) changes.push({ path, change: 'removed', fromSize: old.size, fromSha256: old.sha256 })
    else if (now.sha256 !== old.sha256 || now.size !== old.size)
      changes.push({
        path,
        change: 'changed',
        fromSize: old.size,
        toSize: now.size,
        fromSha256: old.sha256,
        toSha256: now.sha256,
      })
    else unchanged++
  }
  for (const [path, now] of after)
    if (!before.has(path))
      changes.push({ path, change: 'added', toSize: now.size, toSha256: now.sha256 })
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))

  const count = (change: VersionDiffFile['change']) =>
    changes.filter((f) => f.change === change).length
  const total = (files: DiffedFile[]) => files.reduce((sum, f) => sum + f.size, 0)
  return {
    from: {
      versionNumber: from.number,
      fileCount: from.files.length,
      totalBytes: total(from.files),
    },
    to: { versionNumber: to.number, fileCount: to.files.length, totalBytes: total(to.files) },
    summary: {
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
      unchanged,
      bytesDelta: total(to.files) - total(from.files),
    },
    files: changes,
  }
}
