// Publishing as a client does it: start an upload, PUT its bytes, create the model, variation
// and version (docs/publishing.md).
import { expect } from 'vitest'
import { json } from './helpers'
import { bearer, call, makeToken, makeUser } from './accounts-helpers'

export async function makePublisher() {
  const user = await makeUser()
  return { ...user, auth: bearer(await makeToken(user.id)) }
}

export const bytesOf = (size: number, seed = 1) => {
  const out = new Uint8Array(size)
  let x = seed
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

export async function sha256Of(bytes: Uint8Array) {
  const digest = await crypto.subtle.digest('SHA-256', bytes)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export async function startUpload(
  auth: string,
  name: string,
  contentLength: number,
  extra: Record<string, unknown> = {},
) {
  const res = await call('/api/v1/blobs/upload', {
    authorization: auth,
    body: { type: 'model', name, contentLength, lastModifiedEpochSeconds: 0, ...extra },
  })
  const body = await json(res)
  expect(res.status, JSON.stringify(body)).toBe(200)
  return body as { token: string; createUrl: string }
}

/** PUTs bytes the way kagglehub does: Content-Range from `start` to the end. */
export function put(createUrl: string, bytes: Uint8Array, total: number, start = 0) {
  const path = new URL(createUrl).pathname
  return call(path, {
    method: 'PUT',
    raw: bytes,
    headers: {
      'content-type': 'application/octet-stream',
      ...(total ? { 'content-range': `bytes ${start}-${start + bytes.length - 1}/${total}` } : {}),
    },
  })
}

export function probe(createUrl: string, total: number) {
  return call(new URL(createUrl).pathname, {
    method: 'PUT',
    raw: new Uint8Array(0),
    headers: { 'content-range': `bytes */${total}` },
  })
}

/** A whole upload; resolves with its token. */
export async function uploadFile(auth: string, name: string, bytes: Uint8Array, extra = {}) {
  const started = await startUpload(auth, name, bytes.length, extra)
  const res = await put(started.createUrl, bytes, bytes.length)
  expect(res.status, await res.clone().text()).toBe(200)
  return started.token
}

export async function createModel(auth: string, ownerSlug: string, slug: string, isPrivate = true) {
  const res = await call('/api/v1/models/create/new', {
    authorization: auth,
    body: { ownerSlug, slug, title: slug, isPrivate },
  })
  expect(res.status).toBe(200)
  return json(res)
}

export async function createInstance(auth: string, model: string, body: Record<string, unknown>) {
  const res = await call(`/api/v1/models/${model}/create/instance`, {
    authorization: auth,
    body: { instanceSlug: 'default', framework: 'pyTorch', sigstore: false, ...body },
  })
  return { status: res.status, body: await json(res) }
}

export async function createVersion(auth: string, handle: string, body: Record<string, unknown>) {
  const res = await call(`/api/v1/models/${handle}/create/version`, {
    authorization: auth,
    body: { versionNotes: 'v', sigstore: false, ...body },
  })
  return { status: res.status, body: await json(res) }
}

/** The bucket, except that writes of keys under `prefix` fail as in an R2 outage. */
export function writesFail(real: R2Bucket, prefix: string): R2Bucket {
  return new Proxy(real, {
    get(target, name) {
      const value = Reflect.get(target, name)
      if (typeof value !== 'function') return value
      if (name === 'put' || name === 'createMultipartUpload')
        return (key: string, ...rest: unknown[]) =>
          key.startsWith(prefix)
            ? Promise.reject(new Error('R2 outage: write failed'))
            : value.call(target, key, ...rest)
      return value.bind(target)
    },
  })
}
