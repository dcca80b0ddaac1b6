// A version's SHA256SUMS, in the format `sha256sum -c` checks: "<hex>  <path>" per line.
import type { Representation } from './serve-object'

export async function sha256sums(
  files: { path: string; sha256: string }[],
  lastModified: Date,
): Promise<Representation> {
  const text = files
    .filter((file) => !/[\r\n\\]/.test(file.path)) // sha256sum escapes these; we never store them
    .map((file) => `${file.sha256}  ${file.path}\n`)
    .join('')
  const bytes = new TextEncoder().encode(text)
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  const hex = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
  return {
    size: bytes.length,
    etag: `"${hex}"`,
    sha256: hex,
    lastModified: new Date(Math.floor(lastModified.getTime() / 1000) * 1000),
    contentType: 'text/plain; charset=utf-8',
    filename: 'SHA256SUMS',
    exists: async () => true,
    open: async (range) =>
      new Response(range ? bytes.slice(range.start, range.end + 1) : bytes).body!,
  }
}
