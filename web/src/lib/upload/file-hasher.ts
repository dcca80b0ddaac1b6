// Hashes a file in the hash worker while it uploads: resolves with its sha256, reports the state
// after each slice (saved with the upload, so a reload carries on from there), stops on demand.
import type { HashReply, HashRequest } from './hash-worker'
import type { Sha256State } from './sha256'

let worker: Worker | undefined
let nextId = 1
const jobs = new Map<number, (reply: HashReply) => void>()

function hashWorker() {
  if (!worker) {
    worker = new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (e: MessageEvent<HashReply>) => jobs.get(e.data.id)?.(e.data)
  }
  return worker
}

export interface HashJob {
  /** the sha256 in hex; rejects when the file cannot be read; never settles once stopped */
  done: Promise<string>
  stop: () => void
}

export function hashFile(
  file: File,
  from: Sha256State | undefined,
  onState: (state: Sha256State) => void,
): HashJob {
  const id = nextId++
  const done = new Promise<string>((resolve, reject) => {
    jobs.set(id, (reply) => {
      if (reply.kind === 'progress') return onState(reply.state)
      jobs.delete(id)
      if (reply.kind === 'done') resolve(reply.sha256)
      else reject(new Error(`Could not read the file: ${reply.message}`))
    })
  })
  hashWorker().postMessage({ kind: 'hash', id, file, from } satisfies HashRequest)
  return {
    done,
    stop: () => {
      jobs.delete(id)
      hashWorker().postMessage({ kind: 'stop', id } satisfies HashRequest)
    },
  }
}
