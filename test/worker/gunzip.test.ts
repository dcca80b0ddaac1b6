// The gunzip the cron and the pull-through read archives with (worker/lib/gunzip.ts): the same
// bytes as the platform's DecompressionStream, every kind of invalid input refused, and a reader
// that stops early leaves the upstream unread.
import { describe, expect, it } from 'vitest'
import { gunzip, GzipError } from '../../worker/lib/gunzip'

const MiB = 1024 * 1024

const streamOf = (...chunks: Uint8Array[]) => streamOfList(chunks)

function streamOfList(chunks: Uint8Array[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
      controller.close()
    },
  })
}

async function gzipped(data: Uint8Array) {
  return new Uint8Array(
    await new Response(streamOf(data).pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
  )
}

const readAll = async (stream: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(stream).arrayBuffer())

describe('gunzip', () => {
  it('gives back the bytes that were compressed, whatever the input chunking', async () => {
    const data = new Uint8Array(300_000)
    for (let i = 0; i < data.length; i += 65_536)
      crypto.getRandomValues(data.subarray(i, i + 65_536))
    data.fill(7, 100_000, 200_000)
    const packed = await gzipped(data)
    expect(await readAll(gunzip(streamOf(packed)))).toEqual(data)
    const oneByte = [...packed].map((byte) => new Uint8Array([byte]))
    expect(await readAll(gunzip(streamOfList(oneByte)))).toEqual(data)
    expect(await readAll(gunzip(streamOf(await gzipped(new Uint8Array(0)))))).toEqual(
      new Uint8Array(0),
    )
  })

  it('accepts zero padding after the end and refuses anything else there', async () => {
    const packed = await gzipped(new TextEncoder().encode('hello'))
    expect(await readAll(gunzip(streamOf(packed, new Uint8Array(1024))))).toEqual(
      new TextEncoder().encode('hello'),
    )
    await expect(readAll(gunzip(streamOf(packed, new Uint8Array([0, 1]))))).rejects.toThrow(
      GzipError,
    )
  })

  it('refuses a bad header, a bad CRC, a truncated stream and an empty one', async () => {
    const packed = await gzipped(new TextEncoder().encode('hello, world'))
    const badCrc = packed.slice()
    badCrc[badCrc.length - 6]! ^= 0xff
    const cases = {
      'bad header': new TextEncoder().encode('not gzip at all'),
      'bad CRC': badCrc,
      truncated: packed.subarray(0, packed.length - 4),
      empty: new Uint8Array(0),
    }
    for (const [name, input] of Object.entries(cases))
      await expect(readAll(gunzip(streamOf(input))), name).rejects.toThrow(GzipError)
  })

  it('fails with the caller’s error, and cancels the upstream, when told the input is invalid', async () => {
    let cancelled: unknown
    const upstream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('garbage '.repeat(100)))
      },
      cancel(reason) {
        cancelled = reason
      },
    })
    const mine = new Error('mine')
    await expect(readAll(gunzip(upstream, { invalid: () => mine }))).rejects.toBe(mine)
    expect(cancelled).toBe(mine)
  })

  it('reads upstream only as fast as its output is read (a bomb stays unread)', async () => {
    // 256 MiB of zeros: about 256 KB of gzip, handed over in one chunk per read
    const zeros = new Uint8Array(MiB)
    let fed = 0
    const compressor = new CompressionStream('gzip')
    const writer = compressor.writable.getWriter()
    void (async () => {
      for (let i = 0; i < 256; i++) await writer.write(zeros)
      await writer.close()
    })().catch(() => {}) // the write after the reader cancelled fails
    const upstream = compressor.readable.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          fed += chunk.length
          controller.enqueue(chunk)
        },
      }),
    )
    const seen: number[] = []
    const reader = gunzip(upstream, { onOutput: (chunk) => seen.push(chunk.length) }).getReader()
    let out = 0
    while (out < 4 * MiB) out += (await reader.read()).value!.length
    await reader.cancel()
    // one 4 KiB piece of input inflates to at most ~4 MiB: what was made is what was read, plus
    // at most one piece's worth
    expect(seen.reduce((a, b) => a + b, 0)).toBeLessThan(out + 5 * MiB)
    expect(out).toBeLessThan(9 * MiB)
    expect(fed).toBeLessThan(256 * 1024)
  })
})
