// What an upload PUT's Content-Range asks (the resumable protocol kagglehub and the kaggle CLI
// speak, after Google Cloud Storage's): a probe (`bytes */n`), a range of bytes
// (`bytes a-b/n`), or, without the header, the whole file.
import { ApiError } from '../errors'

export type UploadRange =
  | { kind: 'probe'; total: number }
  | { kind: 'bytes'; start: number; end: number; total: number }
  | { kind: 'whole' }

const digits = '(\\d{1,16})'
const probe = new RegExp(`^bytes \\*/${digits}$`)
const bytes = new RegExp(`^bytes ${digits}-${digits}/${digits}$`)

export function parseContentRange(header: string | undefined): UploadRange {
  if (header === undefined) return { kind: 'whole' }
  const value = header.trim()
  const asked = probe.exec(value)
  if (asked) return { kind: 'probe', total: Number(asked[1]) }
  const range = bytes.exec(value)
  if (range) {
    const [start, end, total] = range.slice(1).map(Number) as [number, number, number]
    if (start <= end && end < total) return { kind: 'bytes', start, end, total }
  }
  throw new ApiError('BAD_REQUEST', 'Content-Range must be "bytes */n" or "bytes a-b/n"', [
    { path: 'Content-Range', message: 'malformed' },
  ])
}
