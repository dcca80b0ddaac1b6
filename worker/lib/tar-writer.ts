// Writing tar (POSIX ustar + pax). Every header is a pure function of the member's path, size
// and mtime, so an archive's layout (where each header, body and padding sits, and its exact
// length) is known before a byte is read, and any byte range of it can be produced on its own:
// that is what lets a tar assembled on the fly have a Content-Length and answer Range.
import { storedPathChecker } from './file-path'
import { TarError } from './tar'

const BLOCK = 512
// the largest size the 12-byte octal field holds (8 GiB - 1); larger sizes go in a pax record
const maxOctalSize = 0o77777777777
const encoder = new TextEncoder()

interface TarMemberInfo {
  path: string
  size: number
  /** unix seconds */
  mtime: number
}

/** The header blocks of one regular file: a pax header first when the ustar fields can't hold it. */
function memberHeader(member: TarMemberInfo) {
  const name = encoder.encode(member.path)
  const records: Uint8Array[] = []
  if (name.length > 100) records.push(paxRecord('path', member.path))
  if (member.size > maxOctalSize) records.push(paxRecord('size', String(member.size)))
  const blocks: Uint8Array[] = []
  if (records.length) {
    const pax = concat(records)
    blocks.push(
      ustarHeader({ name: 'PaxHeader', size: pax.length, type: 'x', mtime: member.mtime }),
    )
    blocks.push(padded(pax))
  }
  const size = member.size > maxOctalSize ? 0 : member.size
  blocks.push(ustarHeader({ name: member.path, size, type: '0', mtime: member.mtime }))
  return concat(blocks)
}

/** Length of memberHeader(member), without building it. */
function memberHeaderLength(member: TarMemberInfo) {
  let pax = 0
  if (encoder.encode(member.path).length > 100) pax += paxRecordLength('path', member.path)
  if (member.size > maxOctalSize) pax += paxRecordLength('size', String(member.size))
  return pax ? BLOCK + roundUp(pax) + BLOCK : BLOCK
}

const trailerLength = BLOCK * 2
const roundUp = (n: number) => Math.ceil(n / BLOCK) * BLOCK

interface PlacedMember<T extends TarMemberInfo> {
  member: T
  /** where its header starts */
  start: number
  /** where its body starts */
  bodyStart: number
  /** one past its padding: where the next member starts */
  end: number
}

export interface TarLayout<T extends TarMemberInfo> {
  members: PlacedMember<T>[]
  /** bytes in the whole archive, trailer included */
  size: number
}

export function layoutTar<T extends TarMemberInfo>(members: T[]): TarLayout<T> {
  let offset = 0
  const placed = members.map((member) => {
    const start = offset
    const bodyStart = start + memberHeaderLength(member)
    offset = bodyStart + roundUp(member.size)
    return { member, start, bodyStart, end: offset }
  })
  return { members: placed, size: offset + trailerLength }
}

/** A piece of an archive: bytes made here, or a slice of one member's body. */
export type TarSegment<T> =
  { kind: 'bytes'; bytes: Uint8Array } | { kind: 'body'; member: T; offset: number; length: number }

/** The segments that make up bytes [start, end] (inclusive) of the archive, in order. */
export function* tarSegments<T extends TarMemberInfo>(
  layout: TarLayout<T>,
  start: number,
  end: number,
): Generator<TarSegment<T>> {
  const stop = end + 1
  const members = layout.members
  // the first member that ends after `start`
  let lo = 0
  let hi = members.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (members[mid]!.end <= start) lo = mid + 1
    else hi = mid
  }
  for (let i = lo; i < members.length && members[i]!.start < stop; i++) {
    const { member, start: headerStart, bodyStart, end: memberEnd } = members[i]!
    const bodyEnd = bodyStart + member.size
    if (start < bodyStart) {
      const header = memberHeader(member)
      yield {
        kind: 'bytes',
        bytes: header.subarray(
          Math.max(0, start - headerStart),
          Math.min(stop, bodyStart) - headerStart,
        ),
      }
    }
    const from = Math.max(start, bodyStart)
    const to = Math.min(stop, bodyEnd)
    if (to > from) yield { kind: 'body', member, offset: from - bodyStart, length: to - from }
    const padFrom = Math.max(start, bodyEnd)
    const padTo = Math.min(stop, memberEnd)
    if (padTo > padFrom) yield { kind: 'bytes', bytes: new Uint8Array(padTo - padFrom) }
  }
  const trailerStart = layout.size - trailerLength
  const from = Math.max(start, trailerStart)
  if (stop > from) yield { kind: 'bytes', bytes: new Uint8Array(stop - from) }
}

export interface TarInput {
  path: string
  size: number
  mtime?: number
  body: () => Promise<ReadableStream<Uint8Array>>
}

/**
 * A tar stream of regular files, in the order given. Names must be safe stored paths, no two
 * alike (lib/file-path.ts): the stream errors otherwise.
 */
export function writeTar(entries: Iterable<TarInput> | AsyncIterable<TarInput>) {
  return streamFrom(tarChunks(entries))
}

async function* tarChunks(entries: Iterable<TarInput> | AsyncIterable<TarInput>) {
  const checkPath = storedPathChecker()
  for await (const entry of entries) {
    checkPath(entry.path)
    yield memberHeader({ path: entry.path, size: entry.size, mtime: entry.mtime ?? 0 })
    const reader = (await entry.body()).getReader()
    let written = 0
    while (true) {
      const { value, done } = await reader.read()
      if (done) break
      written += value.length
      yield value
    }
    if (written !== entry.size)
      throw new TarError(`${entry.path}: expected ${entry.size} bytes, got ${written}`)
    if (entry.size % BLOCK) yield new Uint8Array(BLOCK - (entry.size % BLOCK))
  }
  yield new Uint8Array(trailerLength)
}

/** "<length> <key>=<value>\n", the length counting its own digits. */
function paxRecord(key: string, value: string) {
  return encoder.encode(`${paxRecordLength(key, value)} ${key}=${value}\n`)
}

function paxRecordLength(key: string, value: string) {
  const bodyLength = encoder.encode(` ${key}=${value}\n`).length
  let length = bodyLength + 1
  while (String(length).length + bodyLength !== length) length++
  return length
}

function concat(parts: Uint8Array[]) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

function padded(bytes: Uint8Array) {
  const out = new Uint8Array(roundUp(bytes.length))
  out.set(bytes)
  return out
}

function ustarHeader(h: { name: string; size: number; type: string; mtime: number }) {
  const block = new Uint8Array(BLOCK)
  const put = (text: string, offset: number, max: number) =>
    block.set(encoder.encode(text).subarray(0, max), offset)
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0')
  put(h.name, 0, 100)
  put(octal(0o644, 8), 100, 8)
  put(octal(0, 8), 108, 8)
  put(octal(0, 8), 116, 8)
  put(octal(h.size, 12), 124, 12)
  put(octal(h.mtime, 12), 136, 12)
  put('        ', 148, 8)
  put(h.type, 156, 1)
  put('ustar\u000000', 257, 8)
  let sum = 0
  for (const b of block) sum += b
  put(`${octal(sum, 7)}\u0000`, 148, 8)
  return block
}

function streamFrom(chunks: AsyncGenerator<Uint8Array>) {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
}
