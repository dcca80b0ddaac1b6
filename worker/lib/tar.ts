// Streaming tar (POSIX ustar + pax) reading and writing. Entries are read and written as
// streams, so an archive of any size passes through with a few blocks in memory.

export class TarError extends Error {}

export interface TarEntry {
  path: string
  type: 'file' | 'directory' | 'other'
  size: number
  /** unix seconds */
  mtime: number
  /** this entry's bytes; read it (or not) before asking for the next entry */
  body: ReadableStream<Uint8Array>
  bytes(): Promise<Uint8Array>
}

export interface TarReadResult {
  entries: AsyncGenerator<TarEntry>
  /** pax global header records seen so far (GitHub puts the commit id in `comment`) */
  globals: Record<string, string>
}

const BLOCK = 512
const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** Reads a tar stream (not compressed: pipe it through DecompressionStream('gzip') first). */
export function readTar(stream: ReadableStream<Uint8Array>): TarReadResult {
  const globals: Record<string, string> = {}
  return { globals, entries: iterateEntries(new ByteReader(stream.getReader()), globals) }
}

async function* iterateEntries(input: ByteReader, globals: Record<string, string>) {
  let pax: Record<string, string> = {}
  let gnuLongName: string | undefined
  try {
    while (true) {
      const block = await input.maybeExactly(BLOCK)
      if (!block || block.every((b) => b === 0)) return
      const header = parseHeader(block)
      const padded = Math.ceil(header.size / BLOCK) * BLOCK
      if (header.typeflag === 'x' || header.typeflag === 'g' || header.typeflag === 'L') {
        const data = await input.exactly(padded)
        const content = data.subarray(0, header.size)
        if (header.typeflag === 'L') gnuLongName = decoder.decode(content).replace(/\0+$/, '')
        else Object.assign(header.typeflag === 'g' ? globals : pax, parsePax(content))
        continue
      }
      const path = pax.path ?? gnuLongName ?? header.path
      const size = pax.size !== undefined ? Number(pax.size) : header.size
      pax = {}
      gnuLongName = undefined
      const type = header.typeflag === '0' || header.typeflag === '\0' || header.typeflag === '7'
        ? 'file'
        : header.typeflag === '5'
          ? 'directory'
          : 'other'
      const body = input.limited(size)
      yield {
        path,
        type,
        size,
        mtime: header.mtime,
        body: body.stream,
        bytes: () => body.all(),
      } satisfies TarEntry
      await body.drain()
      await input.exactly(Math.ceil(size / BLOCK) * BLOCK - size)
    }
  } finally {
    input.release()
  }
}

function parseHeader(block: Uint8Array) {
  const stored = parseOctal(block.subarray(148, 156))
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!
  if (stored !== sum) throw new TarError('corrupt tar header (bad checksum)')
  const name = cString(block.subarray(0, 100))
  const magic = cString(block.subarray(257, 263))
  const prefix = magic.startsWith('ustar') ? cString(block.subarray(345, 500)) : ''
  return {
    path: prefix ? `${prefix}/${name}` : name,
    size: parseNumber(block.subarray(124, 136)),
    mtime: parseNumber(block.subarray(136, 148)),
    typeflag: String.fromCharCode(block[156]!),
  }
}

function cString(bytes: Uint8Array) {
  const end = bytes.indexOf(0)
  return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end))
}

function parseOctal(bytes: Uint8Array) {
  const text = cString(bytes).trim()
  return text ? parseInt(text, 8) : 0
}

// sizes over 8 GiB use GNU base-256: high bit set, big-endian binary
function parseNumber(bytes: Uint8Array) {
  if (!(bytes[0]! & 0x80)) return parseOctal(bytes)
  let value = bytes[0]! & 0x7f
  for (let i = 1; i < bytes.length; i++) value = value * 256 + bytes[i]!
  return value
}

function parsePax(content: Uint8Array) {
  const records: Record<string, string> = {}
  let pos = 0
  while (pos < content.length) {
    const space = content.indexOf(0x20, pos)
    if (space < 0) break
    const length = Number(decoder.decode(content.subarray(pos, space)))
    if (!Number.isFinite(length) || length <= 0) throw new TarError('corrupt pax header')
    const record = decoder.decode(content.subarray(space + 1, pos + length - 1))
    const eq = record.indexOf('=')
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1)
    pos += length
  }
  return records
}

class ByteReader {
  private chunks: Uint8Array[] = []
  private buffered = 0
  private done = false

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

  private take(n: number) {
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
    this.buffered -= n
    return out
  }

  async exactly(n: number) {
    await this.fill(n)
    if (this.buffered < n) throw new TarError('truncated tar archive')
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
    const next = async () => {
      if (remaining === 0) return null
      await this.fill(1)
      if (this.buffered === 0) throw new TarError('truncated tar archive')
      const chunk = this.take(Math.min(remaining, this.chunks[0]!.length))
      remaining -= chunk.length
      return chunk
    }
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = await next()
        if (chunk) controller.enqueue(chunk)
        else controller.close()
      },
      // pull only when the consumer reads: the body may be read whole with all() instead
    }, { highWaterMark: 0 })
    return {
      stream,
      all: async () => {
        if (remaining !== size) throw new TarError('entry body already read')
        remaining = 0
        return this.exactly(size)
      },
      drain: async () => {
        while (await next());
      },
    }
  }

  release() {
    this.reader.releaseLock()
  }
}

// ---- writing ------------------------------------------------------------------------------

export interface TarInput {
  path: string
  size: number
  mtime?: number
  body: () => Promise<ReadableStream<Uint8Array>>
}

/** A tar stream of regular files, in the order given. Long paths get a pax `path` record. */
export function writeTar(entries: Iterable<TarInput> | AsyncIterable<TarInput>) {
  return streamFrom(tarChunks(entries))
}

async function* tarChunks(entries: Iterable<TarInput> | AsyncIterable<TarInput>) {
  for await (const entry of entries) {
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
    if (written !== entry.size) throw new TarError(`${entry.path}: expected ${entry.size} bytes, got ${written}`)
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
