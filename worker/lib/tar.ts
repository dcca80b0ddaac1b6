// Streaming tar (POSIX ustar + pax) reading and writing. Entries are read and written as
// streams, so an archive of any size passes through with a few blocks in memory.
//
// The reader takes no number on trust: every header number is checked (octal digits, base-256
// range, pax records), extended headers are capped, and a cap on bytes and members bounds what
// one archive can cost. On any error, or when its reader stops early, it cancels the source.
import { storedPathChecker } from './file-path'

export class TarError extends Error {}

interface TarEntry {
  path: string
  type: 'file' | 'directory' | 'other'
  size: number
  /** unix seconds */
  mtime: number
  /** this entry's bytes; read it (or not) before asking for the next entry */
  body: ReadableStream<Uint8Array>
  /** the body whole; refused (before reading) when the entry is larger than `maxBytes` */
  bytes(maxBytes: number): Promise<Uint8Array>
}

export interface TarReadResult {
  entries: AsyncGenerator<TarEntry>
  /** pax global header records seen so far (GitHub puts the commit id in `comment`) */
  globals: Record<string, string>
}

export interface TarLimits {
  /** bytes of tar (decompressed) read in all, headers and padding included */
  maxBytes?: number
  /** headers of every kind: files, directories, pax and GNU extended headers */
  maxEntries?: number
  /**
   * pax (`x`, `g`) and GNU long-name (`L`, `K`) headers are read whole: each one, those piled
   * up before one member, and the global ones over the whole archive stay under this
   */
  maxExtendedHeader?: number
}

const defaultTarLimits: Required<TarLimits> = {
  maxBytes: Number.MAX_SAFE_INTEGER,
  maxEntries: 10_000,
  maxExtendedHeader: 1024 * 1024,
}

const BLOCK = 512
const decoder = new TextDecoder()
const encoder = new TextEncoder()

type Fail = (what: string) => TarError

/** Reads a tar stream (not compressed: pipe it through DecompressionStream('gzip') first). */
export function readTar(stream: ReadableStream<Uint8Array>, limits: TarLimits = {}): TarReadResult {
  const globals: Record<string, string> = {}
  const input = new ByteReader(stream.getReader())
  return { globals, entries: iterateEntries(input, globals, { ...defaultTarLimits, ...limits }) }
}

const extendedHeaders: Record<string, string> = {
  x: 'pax header',
  g: 'pax global header',
  L: 'GNU long name',
  K: 'GNU long link name',
}

async function* iterateEntries(
  input: ByteReader,
  globals: Record<string, string>,
  limits: Required<TarLimits>,
) {
  const cap = limits.maxExtendedHeader
  let pax: Record<string, string> = {}
  let gnuLongName: string | undefined
  // bytes of extended headers since the last member, and of global ones in all
  let pending = 0
  let globalBytes = 0
  let members = 0
  let failure: unknown
  try {
    while (true) {
      const offset = input.position
      if (offset + BLOCK > limits.maxBytes) {
        throw new TarError(
          `tar archive goes on past the ${limits.maxBytes}-byte cap (at byte ${offset})`,
        )
      }
      const block = await input.maybeExactly(BLOCK)
      if (!block || isZero(block)) return
      const header = parseHeader(block, offset)
      const fail = header.fail
      if (++members > limits.maxEntries) throw fail(`more than ${limits.maxEntries} members`)
      const padded = Math.ceil(header.size / BLOCK) * BLOCK
      const kind = extendedHeaders[header.typeflag]
      if (kind) {
        if (header.size > cap)
          throw fail(`${kind} of ${header.size} bytes, over the ${cap}-byte cap`)
        if (header.typeflag === 'g') {
          globalBytes += header.size
          if (globalBytes > cap)
            throw fail(
              `pax global headers of ${globalBytes} bytes in all, over the ${cap}-byte cap`,
            )
        } else {
          pending += header.size
          if (pending > cap)
            throw fail(
              `extended headers of ${pending} bytes before one member, over the ${cap}-byte cap`,
            )
        }
        input.reserve(padded, header.size, limits.maxBytes, fail)
        const content = (await input.exactly(padded)).subarray(0, header.size)
        if (header.typeflag === 'L') gnuLongName = decoder.decode(content).replace(/\0+$/, '')
        else if (header.typeflag !== 'K')
          Object.assign(header.typeflag === 'g' ? globals : pax, parsePax(content, fail))
        continue
      }
      const path = pax.path ?? gnuLongName ?? header.path
      const size = pax.size !== undefined ? paxSize(pax.size, fail) : header.size
      pax = {}
      gnuLongName = undefined
      pending = 0
      const type =
        header.typeflag === '0' || header.typeflag === '\0' || header.typeflag === '7'
          ? 'file'
          : header.typeflag === '5'
            ? 'directory'
            : 'other'
      input.reserve(Math.ceil(size / BLOCK) * BLOCK, size, limits.maxBytes, fail)
      const body = input.limited(size)
      yield {
        path,
        type,
        size,
        mtime: header.mtime,
        get body() {
          return body.stream()
        },
        bytes: async (maxBytes: number) => {
          if (size > maxBytes)
            throw fail(
              `member of ${size} bytes, over the ${maxBytes}-byte cap for reading it whole`,
            )
          return body.all()
        },
      } satisfies TarEntry
      await body.drain()
      await input.exactly(Math.ceil(size / BLOCK) * BLOCK - size)
    }
  } catch (err) {
    failure = err
    throw err
  } finally {
    // an error, a clean end or a consumer that stopped early: nothing more is read from the source
    input.cancel(failure)
  }
}

function isZero(block: Uint8Array) {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false
  return true
}

function parseHeader(block: Uint8Array, offset: number) {
  const name = cString(block.subarray(0, 100))
  const magic = cString(block.subarray(257, 263))
  const prefix = magic.startsWith('ustar') ? cString(block.subarray(345, 500)) : ''
  const path = prefix ? `${prefix}/${name}` : name
  const fail: Fail = (what) =>
    new TarError(`tar header at byte ${offset} (${quote(path)}): ${what}`)
  const stored = parseNumber(block.subarray(148, 156), 'checksum', fail)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!
  if (stored !== sum) throw fail('corrupt header (bad checksum)')
  return {
    path,
    size: parseNumber(block.subarray(124, 136), 'size', fail),
    mtime: parseNumber(block.subarray(136, 148), 'mtime', fail),
    typeflag: String.fromCharCode(block[156]!),
    fail,
  }
}

function cString(bytes: Uint8Array) {
  const end = bytes.indexOf(0)
  return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end))
}

/** for messages: a value from the archive, escaped and cut short */
function quote(text: string) {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text)
}

/**
 * A header number: octal digits (space or NUL padded), or GNU base-256 for sizes of 8 GiB and
 * more (high bit set, then big-endian binary). Always a safe integer, never negative.
 */
function parseNumber(field: Uint8Array, label: string, fail: Fail) {
  if (field[0]! & 0x80) {
    if (field[0]! & 0x40) throw fail(`${label} field is a negative base-256 number`)
    let value = field[0]! & 0x3f
    for (let i = 1; i < field.length; i++) {
      value = value * 256 + field[i]!
      if (value > Number.MAX_SAFE_INTEGER)
        throw fail(`${label} field is a base-256 number too large (past 2^53)`)
    }
    return value
  }
  const text = cString(field)
  if (!/^ *[0-7]* *$/.test(text)) throw fail(`${label} field ${quote(text)} is not an octal number`)
  const digits = text.trim()
  return digits ? parseInt(digits, 8) : 0
}

function paxSize(value: string, fail: Fail) {
  const size = /^\d{1,16}$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(size))
    throw fail(`pax size ${quote(value)} is not a decimal byte count below 2^53`)
  return size
}

/** Records "<length> <key>=<value>\n", each length a decimal that spans its record exactly. */
function parsePax(content: Uint8Array, fail: Fail) {
  const records: Record<string, string> = {}
  let pos = 0
  while (pos < content.length) {
    // some writers pad the header with NULs
    if (isZero(content.subarray(pos))) break
    const bad = (what: string) => fail(`pax record at byte ${pos} ${what}`)
    const space = content.indexOf(0x20, pos)
    if (space <= pos) throw bad('has no length')
    const digits = decoder.decode(content.subarray(pos, Math.min(space, pos + 24)))
    if (space - pos > 16 || !/^[1-9]\d*$/.test(digits))
      throw bad(`has a length ${quote(digits)} that is not a decimal number`)
    const length = Number(digits)
    const left = content.length - pos
    if (length > left) throw bad(`says ${length} bytes, but only ${left} are left`)
    // the shortest record: "<length> k=\n"
    if (length < space - pos + 4) throw bad(`says ${length} bytes, too short for a record`)
    const end = pos + length
    if (content[end - 1] !== 0x0a) throw bad('does not end with a newline')
    const record = decoder.decode(content.subarray(space + 1, end - 1))
    const eq = record.indexOf('=')
    if (eq < 0) throw bad('has no "="')
    if (eq === 0) throw bad('has an empty key')
    records[record.slice(0, eq)] = record.slice(eq + 1)
    pos = end
  }
  return records
}

class ByteReader {
  private chunks: Uint8Array[] = []
  private buffered = 0
  private done = false
  /** bytes taken so far: where the next byte sits in the archive */
  position = 0

  constructor(private reader: ReadableStreamDefaultReader<Uint8Array>) {}

  private async fill(n: number) {
    while (this.buffered < n && !this.done) {
      const { value, done } = await this.reader.read()
      if (done) this.done = true
      else if (value.length) {
        this.chunks.push(value)
        this.buffered += value.length
      }
    }
  }

  /** the next n bytes (n <= buffered); a view of the first chunk when it holds them all */
  private take(n: number) {
    this.buffered -= n
    this.position += n
    const first = this.chunks[0]
    if (first && first.length >= n) {
      if (first.length === n) this.chunks.shift()
      else this.chunks[0] = first.subarray(n)
      return first.subarray(0, n)
    }
    const out = new Uint8Array(n)
    let filled = 0
    while (filled < n) {
      const chunk = this.chunks[0]!
      const used = Math.min(chunk.length, n - filled)
      out.set(chunk.subarray(0, used), filled)
      filled += used
      if (used === chunk.length) this.chunks.shift()
      else this.chunks[0] = chunk.subarray(used)
    }
    return out
  }

  private truncated() {
    return new TarError(`truncated tar archive: it ends at byte ${this.position + this.buffered}`)
  }

  /** refuses to go on when the next `n` bytes (a member of `size` bytes) would pass the cap */
  reserve(n: number, size: number, maxBytes: number, fail: Fail) {
    if (this.position + n > maxBytes) {
      throw fail(
        `member of ${size} bytes goes over the ${maxBytes}-byte cap on the archive (at byte ${this.position})`,
      )
    }
  }

  async exactly(n: number) {
    await this.fill(n)
    if (this.buffered < n) throw this.truncated()
    return this.take(n)
  }

  /** null at a clean end of input; a partial block is truncation */
  async maybeExactly(n: number) {
    await this.fill(n)
    if (this.buffered === 0) return null
    return this.exactly(n)
  }

  /** the next `size` bytes as a stream, plus ways to read them whole or skip the rest */
  limited(size: number) {
    let remaining = size
    let stream: ReadableStream<Uint8Array> | undefined
    // each step takes at least one byte, or throws: `remaining` is a safe integer >= 0
    const next = async (skip: boolean) => {
      if (remaining === 0) return null
      await this.fill(1)
      if (this.buffered === 0) throw this.truncated()
      const chunk = this.take(Math.min(remaining, this.chunks[0]!.length))
      remaining -= chunk.length
      return skip ? true : chunk
    }
    return {
      stream: () =>
        (stream ??= new ReadableStream<Uint8Array>(
          {
            async pull(controller) {
              const chunk = await next(false)
              if (chunk instanceof Uint8Array) controller.enqueue(chunk)
              else controller.close()
            },
            // pull only when the consumer reads: the body may be read whole with all() instead
          },
          { highWaterMark: 0 },
        )),
      all: async () => {
        if (remaining !== size) throw new TarError('entry body already read')
        remaining = 0
        return this.exactly(size)
      },
      drain: async () => {
        while (await next(true));
      },
    }
  }

  /** Stops reading: cancels the source (not awaited: a source slow to cancel holds up nothing). */
  cancel(reason: unknown) {
    this.reader.cancel(reason).catch(() => {})
  }
}

// ---- writing ------------------------------------------------------------------------------

export interface TarInput {
  path: string
  size: number
  mtime?: number
  body: () => Promise<ReadableStream<Uint8Array>>
}

/**
 * A tar stream of regular files, in the order given. Long paths get a pax `path` record. Names
 * must be safe stored paths, no two alike (lib/file-path.ts): the stream errors otherwise.
 */
export function writeTar(entries: Iterable<TarInput> | AsyncIterable<TarInput>) {
  return streamFrom(tarChunks(entries))
}

async function* tarChunks(entries: Iterable<TarInput> | AsyncIterable<TarInput>) {
  const checkPath = storedPathChecker()
  for await (const entry of entries) {
    checkPath(entry.path)
    const name = encoder.encode(entry.path)
    if (name.length > 100) {
      const record = paxRecord('path', entry.path)
      yield header({ name: 'PaxHeader', size: record.length, type: 'x', mtime: entry.mtime ?? 0 })
      yield padded(record)
    }
    yield header({ name: entry.path, size: entry.size, type: '0', mtime: entry.mtime ?? 0 })
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
  yield new Uint8Array(BLOCK * 2)
}

function paxRecord(key: string, value: string) {
  const line = ` ${key}=${value}\n`
  const bodyLength = encoder.encode(line).length
  let length = bodyLength + 1
  while (String(length).length + bodyLength !== length) length++
  return encoder.encode(`${length}${line}`)
}

function padded(bytes: Uint8Array) {
  const out = new Uint8Array(Math.ceil(bytes.length / BLOCK) * BLOCK)
  out.set(bytes)
  return out
}

function header(h: { name: string; size: number; type: string; mtime: number }) {
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
