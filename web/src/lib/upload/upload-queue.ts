// The files of one upload page, uploaded one after another: each file's upload is started (or
// taken up again from the saved token), its bytes sent from where the server stands while the
// hash worker computes its sha256, and then the server's sha256 is compared with the browser's.
// Pause stops the request in flight (at most one chunk is lost) and the hashing; the saved
// token and hash state let a reload resume (saved-uploads.ts).
import { batch, createMemo, createSignal } from 'solid-js'
import { createStore, produce } from 'solid-js/store'
import { sendJson } from '../../api/client'
import { startUpload, uploadStatus } from '../../api/publishing'
import { errorMessage } from '../../api/client'
import { hashFile, type HashJob } from './file-hasher'
import type { PickedFile } from './picked-files'
import { fileKey, forgetUpload, loadSaved, saveUpload } from './saved-uploads'
import { sendBytes, UploadGone } from './send-bytes'

type UploadState = 'waiting' | 'uploading' | 'paused' | 'verifying' | 'done' | 'failed'

export interface UploadItem {
  key: string
  path: string
  size: number
  state: UploadState
  /** bytes the server holds */
  stored: number
  /** bytes hashed in the browser */
  hashed: number
  /** where this upload started in this page: more than 0 when it resumed */
  resumedFrom?: number
  sha256?: string
  token?: string
  error?: string
}

const pauseReason = 'paused'

export function createUploadQueue(draft: string) {
  const [items, setItems] = createStore<UploadItem[]>([])
  const [paused, setPaused] = createSignal(false)
  const files = new Map<string, File>()
  let running: { key: string; abort: AbortController; hash?: HashJob } | undefined

  const update = (key: string, change: Partial<UploadItem>) =>
    setItems((item) => item.key === key, change)
  const find = (key: string) => items.find((i) => i.key === key)

  function add(picked: PickedFile[]) {
    setItems(
      produce((list) => {
        for (const { path, file } of picked) {
          const key = fileKey(path, file)
          if (list.some((i) => i.key === key)) continue
          // the same path again with other contents replaces the old one
          const old = list.findIndex((i) => i.path === path)
          if (old >= 0) list.splice(old, 1)
          files.set(key, file)
          list.push({ key, path, size: file.size, state: 'waiting', stored: 0, hashed: 0 })
        }
      }),
    )
    void run()
  }

  async function uploadOne(item: UploadItem, abort: AbortController) {
    const file = files.get(item.key)!
    update(item.key, { state: 'uploading', error: undefined })
    let saved = loadSaved(draft)[item.key]
    if (!saved) {
      const name = item.path.split('/').pop()!
      saved = { token: (await startUpload(name, file.size)).token }
      saveUpload(draft, item.key, saved)
    }
    const token = saved.token
    update(item.key, { token, hashed: saved.hash?.length ?? 0 })
    const hash = hashFile(file, saved.hash, (state) => {
      update(item.key, { hashed: state.length })
      saveUpload(draft, item.key, { token, hash: state })
    })
    if (running) running.hash = hash
    let first = true
    try {
      await sendBytes(token, file, abort.signal, (stored) => {
        if (first) update(item.key, { resumedFrom: stored })
        first = false
        update(item.key, { stored })
      })
    } catch (err) {
      hash.stop()
      if (err instanceof UploadGone) forgetUpload(draft, item.key)
      throw err
    }
    update(item.key, { state: 'verifying' })
    // the hash may still be running: wait for it, unless paused meanwhile
    const sha256 = await Promise.race([
      hash.done,
      new Promise<never>((_, reject) =>
        abort.signal.addEventListener('abort', () => reject(abort.signal.reason)),
      ),
    ])
    const server = await uploadStatus(token)
    if (server.sha256 !== sha256)
      throw new Error(
        `The server's sha256 (${server.sha256 ?? 'none'}) differs from this file's (${sha256}): remove it and add it again.`,
      )
    update(item.key, { state: 'done', sha256 })
  }

  async function run() {
    if (running || paused()) return
    const next = items.find((i) => i.state === 'waiting')
    if (!next) return
    const abort = new AbortController()
    running = { key: next.key, abort }
    try {
      await uploadOne(next, abort)
    } catch (err) {
      const key = next.key
      if (abort.signal.aborted && abort.signal.reason === pauseReason)
        update(key, { state: 'paused' })
      else if (find(key)) update(key, { state: 'failed', error: errorMessage(err) })
    } finally {
      running = undefined
    }
    void run()
  }

  function stopRunning(reason: string) {
    running?.hash?.stop()
    running?.abort.abort(reason)
  }

  function pause() {
    setPaused(true)
    stopRunning(pauseReason)
  }

  function resume() {
    batch(() => {
      setPaused(false)
      setItems((i) => i.state === 'paused' || i.state === 'failed', { state: 'waiting' })
    })
    void run()
  }

  /** Removes a file and cancels its upload on the server, which frees its quota. */
  function cancel(key: string) {
    const item = find(key)
    if (running?.key === key) stopRunning('cancelled')
    const token = item?.token ?? loadSaved(draft)[key]?.token
    forgetUpload(draft, key)
    files.delete(key)
    setItems((list) => list.filter((i) => i.key !== key))
    if (token)
      void sendJson('DELETE', `account/uploads/${encodeURIComponent(token)}`).catch(() => {})
  }

  function cancelAll() {
    for (const key of items.map((i) => i.key)) cancel(key)
  }

  const total = createMemo(() => {
    const size = items.reduce((n, i) => n + i.size, 0)
    const stored = items.reduce((n, i) => n + i.stored, 0)
    return {
      size,
      stored,
      files: items.length,
      done: items.filter((i) => i.state === 'done').length,
    }
  })

  /** Every file uploaded and verified: the paths and tokens for the create call. */
  const ready = createMemo(() =>
    items.length > 0 && items.every((i) => i.state === 'done')
      ? items.map((i) => ({ path: i.path, token: i.token! }))
      : undefined,
  )

  return { items, add, pause, resume, cancel, cancelAll, paused, total, ready }
}

export type UploadQueue = ReturnType<typeof createUploadQueue>
