import { ApiError } from '../errors'

/**
 * The file path that follows the first `segments` path segments of a request URL, decoded
 * segment by segment (clients append the path raw, so '/' separates directories; docs/kaggle-api.md,
 * "File paths").
 */
export function filePathAfter(url: string, segments: number) {
  const raw = new URL(url).pathname
    .split('/')
    .slice(segments + 1)
    .join('/')
  try {
    const path = raw.split('/').map(decodeURIComponent).join('/')
    if (path && !path.split('/').some((s) => s === '' || s === '.' || s === '..')) return path
  } catch {
    // malformed percent-encoding: reported below
  }
  throw new ApiError('BAD_REQUEST', `invalid file path ${JSON.stringify(raw)}`, [
    { path: 'path', message: 'invalid file path' },
  ])
}

export function encodeFilePath(path: string) {
  return path.split('/').map(encodeURIComponent).join('/')
}

/** Why a stored name was refused; the name itself is kept out of the message (it is hostile). */
export class UnsafePathError extends Error {}

const encoder = new TextEncoder()
const maxPathBytes = 1024
const maxSegmentBytes = 255
// C0 and C1 controls, DEL, and the bidirectional overrides that make a name read differently
const unsafeCharacters = /[\p{Cc}\u202a-\u202e\u2066-\u2069\\:]/u

/**
 * A file name as Modelport stores it (in D1, in version archives, in starter code): NFC, '/'
 * between segments, none of them empty, '.' or '..', no backslash, colon (drive letters) or
 * control character, at most 1,024 bytes and 255 per segment. Leading './' is dropped. Throws
 * UnsafePathError otherwise.
 */
export function safeStoredPath(raw: string) {
  if (!raw.isWellFormed()) throw new UnsafePathError('file name is not valid Unicode')
  const path = raw.normalize('NFC').replace(/^(\.\/)+/, '')
  checkSegments(path)
  // a compatibility twin ('a／..', fullwidth) must not become a path of its own when normalized
  const compatible = path.normalize('NFKC')
  checkSegments(compatible)
  if (compatible.split('/').length !== path.split('/').length)
    throw new UnsafePathError('file name has a character that normalizes to "/"')
  return path
}

function checkSegments(path: string) {
  if (unsafeCharacters.test(path))
    throw new UnsafePathError('file name has a backslash, colon or control character')
  if (encoder.encode(path).length > maxPathBytes)
    throw new UnsafePathError(`file name is longer than ${maxPathBytes} bytes`)
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..')
      throw new UnsafePathError('file name has an empty, "." or ".." segment')
    if (encoder.encode(segment).length > maxSegmentBytes)
      throw new UnsafePathError(`file name has a segment longer than ${maxSegmentBytes} bytes`)
  }
}

/**
 * Checks the names of one version's files as they come: each must already be its
 * safeStoredPath, and no two may be the same on a case-insensitive, compatibility-normalizing
 * file system (NFKC, lower case), nor one a folder of another ('a' and 'a/b').
 */
export function storedPathChecker() {
  const files = new Set<string>()
  const folders = new Set<string>()
  return (path: string) => {
    if (safeStoredPath(path) !== path) throw new UnsafePathError('file name is not in NFC form')
    const key = path.normalize('NFKC').toLowerCase()
    if (files.has(key)) throw new UnsafePathError('two files have the same name')
    if (folders.has(key)) throw new UnsafePathError('a file has the name of a folder')
    const parts = key.split('/')
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/')
      if (files.has(folder)) throw new UnsafePathError('a folder has the name of a file')
      folders.add(folder)
    }
    files.add(key)
  }
}

/** storedPathChecker over a whole list. */
export function assertSafeStoredPaths(paths: Iterable<string>) {
  const check = storedPathChecker()
  for (const path of paths) check(path)
}
