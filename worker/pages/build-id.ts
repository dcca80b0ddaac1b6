// Which build drew a page, for the page cache's key: a deploy's pages name its own hashed chunks,
// so a page drawn by another build is never served (its chunks may be gone).
import type { Context } from 'hono'
import type { AppEnv } from '../env'

let memo: Promise<string> | undefined

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')

/**
 * The server build's id (set by `vite build --ssr`) and a digest of the built index.html, which
 * names every chunk of the client build. Both are fixed for an isolate's life.
 */
export function buildId(c: Context<AppEnv>) {
  memo ??= (async () => {
    const shell = new Request(new URL('/', c.req.url), { headers: { accept: 'text/html' } })
    const [{ buildId: server }, html] = await Promise.all([
      import('#ssr'),
      c.env.ASSETS.fetch(shell).then((res) => res.text()),
    ])
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(html))
    return `${server}.${hex(digest).slice(0, 16)}`
  })().catch((err: unknown) => {
    memo = undefined
    throw err
  })
  return memo
}
