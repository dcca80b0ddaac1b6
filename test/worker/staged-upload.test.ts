// stageStream (worker/services/staged-upload.ts): bytes of unknown length into one R2 object by
// a multipart upload. R2 refuses to complete an upload whose parts (all but the last) differ in
// size, so the stream's chunks, of any sizes, must be cut into whole 8 MiB parts.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { stageStream } from '../../worker/services/staged-upload'
import { sha256Hex } from './helpers'
import { bytesOf, sha256Of } from './publish-helpers'

const MiB = 1024 * 1024

/** `bytes` as a stream of chunks of the given sizes, in turn. */
function chunked(bytes: Uint8Array, sizes: number[]) {
  let offset = 0
  let i = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      const size = sizes[i++ % sizes.length]!
      controller.enqueue(bytes.slice(offset, offset + size))
      offset += size
    },
  })
}

describe('stageStream', () => {
  const cases: [string, number, number[]][] = [
    ['chunks that straddle parts', 3 * 8 * MiB + 1234, [5 * MiB + 7, 5 * MiB, MiB + 1]],
    ['chunks bigger than a part', 6 * 8 * MiB - 1, [19 * MiB, 2 * MiB]],
    ['exactly two parts, in small chunks', 2 * 8 * MiB, [65536]],
    ['less than a part', 1000, [300]],
    ['nothing at all', 0, [1]],
  ]
  for (const [name, size, sizes] of cases)
    it(`stores ${name} (${size} bytes) whole, with its hashes`, async () => {
      const bytes = bytesOf(size, size + 3)
      const key = `test/staged-${crypto.randomUUID()}`
      const staged = await stageStream(env.BUCKET, key, chunked(bytes, sizes))
      expect(staged.size).toBe(size)
      expect(staged.sha256).toBe(await sha256Of(bytes))
      const stored = await env.BUCKET.get(key)
      expect(stored?.size).toBe(size)
      expect(await sha256Hex(stored!.body)).toBe(staged.sha256)
    })
})
