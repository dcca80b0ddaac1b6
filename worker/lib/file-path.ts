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
