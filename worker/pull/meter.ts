// Byte caps checked while the asset streams in: compressed bytes (declared and actually read),
// decompressed bytes and the expansion ratio, with a stall timeout on every read.
import { gunzip } from '../lib/gunzip'
import { PullFailed, PullRejected } from './outcome'

export interface PullLimits {
  /** bytes read from upstream, and the largest Content-Length accepted */
  maxCompressedBytes: number
  /** bytes of tar out of gunzip */
  maxDecompressedBytes: number
  /** decompressed / compressed, checked once past `ratioFloorBytes` of output */
  maxRatio: number
  ratioFloorBytes: number
  /** one file of the asset */
  maxFileBytes: number
  /** tar headers of every kind */
  maxMembers: number
  /** the whole fetch, upload to R2 included */
  wallMs: number
  /** longest wait for the next bytes from upstream */
  stallMs: number
  /** how often the lease is renewed (and progress recorded) while streaming */
  renewMs: number
}

const MiB = 1024 * 1024
const GiB = 1024 * MiB

export const defaultPullLimits: PullLimits = {
  maxCompressedBytes: 4 * GiB,
  maxDecompressedBytes: 8 * GiB,
  maxRatio: 100,
  ratioFloorBytes: 4 * MiB,
  maxFileBytes: 4 * GiB,
  maxMembers: 10_000,
  wallMs: 12 * 60 * 1000,
  stallMs: 30 * 1000,
  renewMs: 10 * 1000,
}

// gunzip turns one input chunk into up to ~1,000 times its size at once; small input pieces
// keep what it produces per step small (4 KiB in, at most ~4 MiB out)
const inputPiece = 4096

export class Meter {
  compressed = 0
  decompressed = 0
  /** the first cap that tripped: the stream errors with it, whatever the reader then reports */
  failure: Error | undefined

  constructor(readonly limits: PullLimits) {}

  fail(err: Error): never {
    this.failure ??= err
    throw err
  }
}

/**
 * The upstream body, counted and capped, in small pieces, one piece per pull: a network read may
 * bring a megabyte at once, and enqueuing all of it would let gunzip expand all of it (a gigabyte,
 * for a bomb) before the decompressed count downstream sees the first piece.
 */
export function meterCompressed(
  body: ReadableStream<Uint8Array>,
  meter: Meter,
  declared: number | null,
  signal: AbortSignal,
) {
  const reader = body.getReader()
  const { limits } = meter
  // bytes read but not yet passed on; only what is passed on counts as compressed for the ratio
  let held: Uint8Array<ArrayBufferLike> = new Uint8Array(0)
  let received = 0
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!held.length) {
          const { value, done } = await readWithin(reader, meter, signal)
          if (done) {
            if (declared !== null && received !== declared)
              meter.fail(new PullFailed(`the asset host sent ${received} of ${declared} bytes`))
            controller.close()
            return
          }
          received += value.length
          if (received > limits.maxCompressedBytes)
            meter.fail(new PullRejected(`the asset is over ${limits.maxCompressedBytes} bytes`))
          held = value
        }
        const piece = held.subarray(0, inputPiece)
        held = held.subarray(inputPiece)
        meter.compressed += piece.length
        controller.enqueue(piece)
      },
      cancel(reason) {
        return reader.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}

async function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  meter: Meter,
  signal: AbortSignal,
) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stop = () => {}
  const stalled = new Promise<never>((_, reject) => {
    stop = () => reject(signal.reason instanceof Error ? signal.reason : new PullFailed('aborted'))
    if (signal.aborted) return stop()
    signal.addEventListener('abort', stop, { once: true })
    const seconds = meter.limits.stallMs / 1000
    timer = setTimeout(
      () => reject(new PullFailed(`the asset host sent nothing for ${seconds} s`)),
      meter.limits.stallMs,
    )
  })
  try {
    return await Promise.race([reader.read(), stalled])
  } catch (err) {
    reader.cancel(err).catch(() => {})
    return meter.fail(err instanceof Error ? err : new PullFailed('the download failed'))
  } finally {
    if (timer !== undefined) clearTimeout(timer)
    signal.removeEventListener('abort', stop)
  }
}

/**
 * gunzip (worker/lib/gunzip.ts: it inflates only as fast as the tar reader reads), with the output
 * counted against the decompressed cap and the ratio as it is made: the ratio is exact to a
 * piece of input, and a bomb stops within one piece.
 */
export function gunzipMetered(compressed: ReadableStream<Uint8Array>, meter: Meter) {
  const { limits } = meter
  return gunzip(compressed, {
    onOutput(chunk) {
      meter.decompressed += chunk.length
      if (meter.decompressed > limits.maxDecompressedBytes)
        meter.fail(
          new PullRejected(`the asset unpacks to over ${limits.maxDecompressedBytes} bytes`),
        )
      if (
        meter.decompressed > limits.ratioFloorBytes &&
        meter.decompressed > meter.compressed * limits.maxRatio
      )
        meter.fail(new PullRejected(`the asset unpacks to over ${limits.maxRatio} times its size`))
    },
    invalid: () => meter.fail(new PullRejected('the asset is not a valid gzip stream')),
  })
}

/** `stream`, failing once more than `max` bytes have passed. */
export function capBytes(stream: ReadableStream<Uint8Array>, max: number, meter: Meter) {
  let seen = 0
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.length
        if (seen > max) meter.fail(new PullRejected(`a file of the asset is over ${max} bytes`))
        controller.enqueue(chunk)
      },
    }),
  )
}
