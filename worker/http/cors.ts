// CORS (docs/security.md, "CORS"): public reads and file downloads may be read from any origin,
// never with credentials; nothing else is shared. Browsers send no cookies with a request whose
// answer says `*`, and the preflight allows no Authorization header, so a foreign page reads only
// what an anonymous visitor could.
import { errorBody } from '../errors'

/** paths under /api/v1 that are never shared: they are about the signed-in account or the operator */
const privatePrefixes = ['/api/v1/admin', '/api/v1/account', '/api/v1/auth']

export const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers':
    'content-length, content-range, accept-ranges, etag, last-modified, repr-digest, content-disposition, retry-after',
}

export const preflightHeaders = {
  ...corsHeaders,
  'access-control-allow-methods': 'GET, HEAD',
  'access-control-allow-headers': 'range, if-none-match, if-range, if-modified-since, accept',
  'access-control-max-age': '86400',
  vary: 'origin',
}

const readMethods = new Set(['GET', 'HEAD'])

/** an API path whose GET/HEAD answers may be shared with any origin */
function isPublicReadPath(path: string) {
  return !privatePrefixes.some((p) => path === p || path.startsWith(`${p}/`))
}

/** whether `request`'s answer gets `corsHeaders` */
export function sharesAnswer(request: Request, path: string) {
  return readMethods.has(request.method) && isPublicReadPath(path)
}

/**
 * The answer to an OPTIONS request: a preflight for a public read is allowed (GET/HEAD with the
 * conditional and Range headers); any other (a write, or a private path) is refused with 403
 * and no CORS headers, so the browser never sends it.
 */
export function answerPreflight(request: Request, path: string) {
  const method = (request.headers.get('access-control-request-method') ?? 'GET').toUpperCase()
  if (readMethods.has(method) && isPublicReadPath(path))
    return new Response(null, { status: 204, headers: preflightHeaders })
  return Response.json(errorBody('FORBIDDEN', 'cross-origin request refused'), {
    status: 403,
    headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  })
}

/** `response` with the CORS headers of a shared answer (a copy: fetched headers are immutable) */
export function withCors(response: Response) {
  const out = new Response(response.body, response)
  for (const [name, value] of Object.entries(corsHeaders)) out.headers.set(name, value)
  return out
}
