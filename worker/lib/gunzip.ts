// gunzip that inflates only as fast as its output is read.
//
// Not workerd's DecompressionStream: it takes every write at once and queues it, so a reader that
// stops at a cap has already let the upstream run ahead by as much as the pipe would carry (a
// gzip bomb keeps inflating behind it), and the bytes read upstream say nothing of the bytes
// inflated. Here the compressed input is fed to pako in small pieces, one piece per pull of the
// output: gunzip turns one input byte into up to ~1,000 output bytes, so 4 KiB in makes at most
// ~4 MiB out per step, and nothing more is read upstream until that has been read downstream.
import { Inflate } from 'pako'

export class GzipError extends Error {
  override name = 'GzipError'
}

export interface GunzipOptions {
  /** sees each output chunk before it is passed on; may throw to stop the stream */
  onOutput?: (chunk: Uint8Array) => void
  /** the error to fail with when the input is not valid gzip (bad header, data, CRC or length) */
  invalid?: () => Error
}

const inputPiece = 4096

export function gunzip(
  compressed: ReadableStream<Uint8Array>,
  { onOutput, invalid = () => new GzipError('not a valid gzip stream') }: GunzipOptions = {},
) {
  const reader = compressed.getReader()
  const inflator = new Inflate()
  let made: Uint8Array[] = []
  inflator.onData = (chunk) => {
    onOutput?.(chunk as Uint8Array)
    made.push(chunk as Uint8Array)
  }
  // pako reports the end of the stream, or a data error, through onEnd
  let ended = false
  let broken = false
  inflator.onEnd = (status) => {
    ended = true
    broken = status !== 0
  }
  let held: Uint8Array<ArrayBufferLike> = new Uint8Array(0)

  /** the next piece of input, or null at its end */
  async function nextPiece() {
    if (!held.length) {
      const { value, done } = await reader.read()
      if (done) return null
      held = value
    }
    const piece = held.subarray(0, inputPiece)
    held = held.subarray(inputPiece)
    return piece
  }

  function inflate(piece: Uint8Array | null) {
    if (piece === null) {
      if (!ended) inflator.push(new Uint8Array(0), true)
      if (broken || !ended) throw invalid()
      return
    }
    // after the end of the gzip stream only zero padding may follow (as pako allows it)
    if (ended) {
      if (piece.some((byte) => byte !== 0)) throw invalid()
      return
    }
    inflator.push(piece, false)
    if (broken) throw invalid()
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          while (!made.length) {
            const piece = await nextPiece()
            inflate(piece)
            if (piece === null) break
          }
        } catch (err) {
          reader.cancel(err).catch(() => {})
          throw err
        }
        for (const chunk of made) controller.enqueue(chunk)
        if (!made.length) controller.close()
        made = []
      },
      cancel(reason) {
        return reader.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}
