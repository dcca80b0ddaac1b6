// tfhub.dev's URLs, kept working (docs/tfhub.md, "TF Hub URLs"): /<publisher>/<name>/<version>
// and the tfjs-model/, lite-model/, coral-model/ and collections/ forms. A browser is sent to
// the model page; `?tf-hub-format=compressed` (and `?tfjs-format=compressed`) answers the
// version's tar.gz, `?lite-format=tflite` its .tflite file, and a path after the version (what
// TF.js `loadGraphModel(url, { fromTFHub: true })` asks: model.json?tfjs-format=file, then the
// weight files) the file. A first segment that is not an imported publisher goes to the SPA.
import { pullWaitMs } from '../pull/request'
import { Hono, type Context } from 'hono'
import { listFiles } from '../../db/queries/models'
import { findTfhubVersion, isTfhubPublisher } from '../../db/queries/tfhub-urls'
import type { AppEnv } from '../env'
import { ApiError, renderNotFound } from '../errors'
import { createDb } from '../../db/client'
import { preflightHeaders, withCors } from '../http/cors'
import { resolveVersionWithFiles } from '../services/resolve'
import { serveVersionArchive, serveVersionFile } from './files'

const kindByPrefix: Record<string, string> = {
  'tfjs-model': 'Tfjs',
  'lite-model': 'Lite',
  'coral-model': 'Coral',
}

const wantsHtml = (c: Context<AppEnv>) => (c.req.header('accept') ?? '').includes('text/html')

/** segments after the publisher: [prefix?] name... [version [file...]] */
function parseTfhubPath(segments: string[]) {
  let kind = 'Module'
  let rest = segments
  if (rest[0] && kindByPrefix[rest[0]]) {
    kind = kindByPrefix[rest[0]]!
    rest = rest.slice(1)
  }
  // the version is the first all-digit segment after at least one name segment
  const at = rest.findIndex((s, i) => i > 0 && /^\d{1,9}$/.test(s))
  if (at < 0) return { kind, name: rest, version: undefined, file: [] as string[] }
  return { kind, name: rest.slice(0, at), version: Number(rest[at]), file: rest.slice(at + 1) }
}

const tfhubUrls = new Hono<AppEnv>().on(['GET', 'HEAD', 'OPTIONS'], '/:publisher/*', async (c) => {
  const publisher = c.req.param('publisher')
  // the API's own unknown paths keep their JSON 404
  if (publisher === 'api' || publisher === 'v1') return renderNotFound(c)
  const spa = () => c.env.ASSETS.fetch(c.req.raw)
  c.set('db', createDb(c.env.DB))
  // files here are public and need no credentials, like /api/v1/files
  c.set('actor', { kind: 'anonymous' })
  if (!/^[a-z\d-]{1,64}$/.test(publisher) || !(await isTfhubPublisher(c.var.db, publisher)))
    return spa()
  if (c.req.method === 'OPTIONS') {
    return new Response(null, { status: 204, headers: preflightHeaders })
  }
  let segments: string[]
  try {
    segments = new URL(c.req.url).pathname.split('/').slice(2).map(decodeURIComponent)
  } catch {
    throw new ApiError('BAD_REQUEST', 'invalid TF Hub URL')
  }
  if (segments.at(-1) === '') segments.pop()
  if (segments.some((s) => s === '' || s === '.' || s === '..'))
    throw new ApiError('BAD_REQUEST', 'invalid TF Hub URL')

  if (segments[0] === 'collections') {
    // collections are not imported (docs/tfhub.md): the publisher's page is the nearest thing
    if (wantsHtml(c)) return c.redirect(`/owners/${publisher}`, 302)
    throw new ApiError('NOT_FOUND', `TF Hub collections are not served; see /owners/${publisher}`)
  }
  const parsed = parseTfhubPath(segments)
  const name = `${publisher}/${parsed.name.join('/')}`
  if (parsed.name.length === 0) return spa()
  const found = await findTfhubVersion(c.var.db, parsed.kind, name, parsed.version)
  if (!found) {
    if (wantsHtml(c) && parsed.file.length === 0) return spa()
    throw new ApiError(
      'NOT_FOUND',
      `TF Hub ${parsed.kind} ${name}${parsed.version ? `/${parsed.version}` : ''} is not in the catalog`,
    )
  }
  const params = { ...found, version: String(found.version) }
  const pagePath = `/models/${found.owner}/${found.model}/${found.framework}/${found.variation}/${found.version}`
  const query = (name: string) => c.req.query(name)

  if (parsed.file.length > 0) {
    const version = await resolveVersionWithFiles(c.var.db, c.env, params, {
      waitMs: pullWaitMs(c.req.header('prefer')),
    })
    return withCors(await serveVersionFile(c, version, parsed.file.join('/')))
  }
  if (query('tf-hub-format') === 'compressed' || query('tfjs-format') === 'compressed') {
    const version = await resolveVersionWithFiles(c.var.db, c.env, params, {
      waitMs: pullWaitMs(c.req.header('prefer')),
    })
    return withCors(await serveVersionArchive(c, version, 'tar.gz'))
  }
  if (query('lite-format') === 'tflite') {
    const version = await resolveVersionWithFiles(c.var.db, c.env, params, {
      waitMs: pullWaitMs(c.req.header('prefer')),
    })
    const [tflite] = (await listFiles(c.var.db, version.version.id, 1000)).filter((f) =>
      f.path.endsWith('.tflite'),
    )
    if (!tflite) throw new ApiError('NOT_FOUND', `${name} has no .tflite file`)
    return withCors(await serveVersionFile(c, version, tflite.path))
  }
  if (query('tfjs-format') === 'file') {
    const version = await resolveVersionWithFiles(c.var.db, c.env, params, {
      waitMs: pullWaitMs(c.req.header('prefer')),
    })
    return withCors(await serveVersionFile(c, version, 'model.json'))
  }
  return c.redirect(pagePath, 302)
})

export default tfhubUrls
