// Uploads in progress, kept in localStorage per page (a draft key such as
// "alice/bert/new-variation"): each file's upload token and its hash state, under the file's
// identity (path, size, last modified). After a reload the user picks the same files again and
// each one found here resumes from what the server holds instead of starting over. The page's
// own fields (draftField) are kept under the same draft until it is published.
import { createSignal } from 'solid-js'
import type { Sha256State } from './sha256'

export interface SavedUpload {
  token: string
  hash?: Sha256State
}

type Saved = Record<string, SavedUpload>

const storageKey = (draft: string) => `modelport:uploads:${draft}`

/** One file's identity: the same file picked again after a reload has the same key. */
export const fileKey = (path: string, file: File) =>
  JSON.stringify([path, file.size, file.lastModified])

/** The path a file key was made from. */
export const pathOfKey = (key: string) => {
  try {
    const parsed: unknown = JSON.parse(key)
    return Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed[0] : key
  } catch {
    return key
  }
}

export function loadSaved(draft: string): Saved {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(draft)) ?? '{}')
    return parsed && typeof parsed === 'object' ? (parsed as Saved) : {}
  } catch {
    return {}
  }
}

function store(draft: string, saved: Saved) {
  try {
    if (Object.keys(saved).length) localStorage.setItem(storageKey(draft), JSON.stringify(saved))
    else localStorage.removeItem(storageKey(draft))
  } catch {
    // storage full or disabled: the upload goes on, it just cannot resume after a reload
  }
}

export function saveUpload(draft: string, key: string, upload: SavedUpload) {
  store(draft, { ...loadSaved(draft), [key]: upload })
}

export function forgetUpload(draft: string, key: string) {
  const saved = loadSaved(draft)
  delete saved[key]
  store(draft, saved)
}

export function forgetDraft(draft: string) {
  store(draft, {})
  try {
    localStorage.removeItem(fieldsKey(draft))
  } catch {
    // storage disabled: nothing was kept
  }
}

// The page's own fields (framework, slug, notes) are kept beside its uploads, so that after a
// reload the files resume as part of the same variation or version, not under the defaults.
const fieldsKey = (draft: string) => `modelport:fields:${draft}`

function loadFields(draft: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(fieldsKey(draft)) ?? '{}')
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {}
  } catch {
    return {}
  }
}

/** A signal for one field of the page, starting from its saved value and saved as it is set. */
export function draftField(draft: string, name: string, initial: string) {
  const saved = loadFields(draft)[name]
  const [value, setValue] = createSignal(typeof saved === 'string' ? saved : initial)
  const set = (next: string) => {
    setValue(next)
    try {
      localStorage.setItem(fieldsKey(draft), JSON.stringify({ ...loadFields(draft), [name]: next }))
    } catch {
      // storage full or disabled: the field is just not kept over a reload
    }
  }
  return [value, set] as const
}
