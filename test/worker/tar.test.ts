import { describe, expect, it } from 'vitest'
import { readTar, TarError } from '../../worker/lib/tar'
import { writeTar } from '../../worker/lib/tar-writer'

const bytes = (text: string) => new TextEncoder().encode(text)
const streamOf = (data: Uint8Array, chunk = 700) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < data.length; i += chunk) controller.enqueue(data.slice(i, i + chunk))
      controller.close()
    },
  })
const collect = async (stream: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(stream).arrayBuffer())

describe('tar', () => {
  const longPath = `${'deep/'.repeat(30)}weights.bin`
  const files = [
    { path: 'model.json', data: bytes('{"a":1}') },
    { path: longPath, data: new Uint8Array(5000).map((_, i) => i % 251) },
    { path: 'empty.txt', data: new Uint8Array(0) },
  ]
  const archive = () =>
    collect(
      writeTar(
        files.map((f) => ({
          path: f.path,
          size: f.data.length,
          body: async () => streamOf(f.data),
        })),
      ),
    )

  it('reads back what it writes, long paths and empty files included', async () => {
    const { entries } = readTar(streamOf(await archive(), 333))
    const read: { path: string; data: Uint8Array }[] = []
    for await (const entry of entries)
      read.push({ path: entry.path, data: await entry.bytes(1 << 20) })
    expect(read.map((r) => r.path)).toEqual(files.map((f) => f.path))
    read.forEach((r, i) => expect(r.data).toEqual(files[i]!.data))
  })

  it('streams entry bodies and skips the ones not read', async () => {
    const { entries } = readTar(streamOf(await archive()))
    const sizes: number[] = []
    for await (const entry of entries) {
      if (entry.path === longPath) sizes.push((await collect(entry.body)).length)
    }
    expect(sizes).toEqual([5000])
  })

  it('fails on a truncated archive and on a corrupt header', async () => {
    const whole = await archive()
    const drain = async (data: Uint8Array) => {
      for await (const entry of readTar(streamOf(data)).entries) await entry.bytes(1 << 20)
    }
    await expect(drain(whole.slice(0, 1500))).rejects.toThrow(TarError)
    const corrupt = whole.slice()
    corrupt[10] = corrupt[10]! ^ 0xff
    await expect(drain(corrupt)).rejects.toThrow(/checksum/)
  })

  it('refuses an entry whose body is shorter than announced', async () => {
    const stream = writeTar([{ path: 'a', size: 10, body: async () => streamOf(bytes('short')) }])
    await expect(collect(stream)).rejects.toThrow(/expected 10 bytes/)
  })
})
