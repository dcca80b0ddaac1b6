// The Web Worker that hashes files off the main thread (web/src/lib/upload/file-hasher.ts): reads
// a File from a saved state on, in slices, and posts the state after each slice, so a paused or
// reloaded upload carries on hashing where it stopped.
import { Sha256, type Sha256State } from './sha256'

export type HashRequest =
  { kind: 'hash'; id: number; file: File; from?: Sha256State } | { kind: 'stop'; id: number }

export type HashReply =
  | { kind: 'progress'; id: number; state: Sha256State }
  | { kind: 'done'; id: number; sha256: string }
  | { kind: 'failed'; id: number; message: string }

const sliceBytes = 4 * 1024 * 1024
const stopped = new Set<number>()
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<HashRequest>) => void) | null
  postMessage: (reply: HashReply) => void
}

async function hash(id: number, file: File, from?: Sha256State) {
  const hasher = new Sha256(from)
  try {
    while (hasher.bytes < file.size) {
      if (stopped.delete(id)) return
      const end = Math.min(hasher.bytes + sliceBytes, file.size)
      hasher.update(new Uint8Array(await file.slice(hasher.bytes, end).arrayBuffer()))
      scope.postMessage({ kind: 'progress', id, state: hasher.state() })
    }
    scope.postMessage({ kind: 'done', id, sha256: hasher.hex() })
  } catch (err) {
    // the file changed or went away since it was picked
    scope.postMessage({
      kind: 'failed',
      id,
      message: err instanceof Error ? err.message : 'unreadable',
    })
  }
}

scope.onmessage = (e) => {
  const request = e.data
  if (request.kind === 'stop') stopped.add(request.id)
  else void hash(request.id, request.file, request.from)
}
