// A local stand-in for the upstreams Modelport reads from, serving the data bundled in db/seed:
//   GET /tfhub/archive.tar.gz  the TF Hub snapshot as GitHub serves the tfhub.dev repository
//                              (`git archive` layout: pax global header with the commit, a
//                              top-level folder, assets/docs/**.md and tags/*.yaml)
//   GET /tfhub/commit          the snapshot's commit id, as GitHub's commits API answers it
//   GET /demo/<path>           the demo models: manifest.json, cards and model files
// `npm start` and the tests point the Worker at it, so the Worker's real code path runs.
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import path from 'node:path'
import { Readable } from 'node:stream'
import { constants, crc32, createGzip, deflateRawSync, gzipSync } from 'node:zlib'

const root = path.resolve(import.meta.dirname, '..')
export const tfhubDir = path.join(root, 'db/seed/tfhub')
export const demoDir = path.join(root, 'db/seed/demo-models')
export const tfhubCommit = '81fdea8ffa53b5acbd66a012d17fb8f9602c714b'
// commit time of 81fdea8 (2024-03-18T20:10:19+01:00), which git archive uses as every mtime
const commitTime = 1710789019

/** Upstream path → bytes for every file of the snapshot (assets/docs/**, tags/*.yaml, LICENSE). */
export async function readTfhubSnapshot(dir = tfhubDir) {
  const files = new Map()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const rel = path
      .relative(dir, path.join(entry.parentPath, entry.name))
      .split(path.sep)
      .join('/')
    let upstream
    if (rel.startsWith('_tags/')) upstream = `tags/${rel.slice('_tags/'.length)}`
    else if (rel === 'LICENSE') upstream = 'LICENSE'
    else if (rel === 'SOURCE.md') continue
    else upstream = `assets/docs/${rel}`
    files.set(upstream, await readFile(path.join(entry.parentPath, entry.name)))
  }
  return files
}

/**
 * A gzip tar in the layout of GitHub's archive of `commit`. `files` maps upstream paths to bytes;
 * long paths use the ustar prefix field when they fit, a pax `path` record otherwise.
 */
export function buildGithubArchive(files, commit = tfhubCommit, folder = `tfhub.dev-${commit}`) {
  return buildTarGz(files, { folder, comment: commit })
}

/** A gzip tar of `files` (path → bytes), optionally under one folder, with directory entries. */
export function buildTarGz(files, { folder = '', comment } = {}) {
  const blocks = comment ? [paxEntry('pax_global_header', 'g', { comment })] : []
  const prefix = folder ? `${folder}/` : ''
  const dirs = new Set()
  for (const p of [...files.keys()].sort()) {
    const parts = `${prefix}${p}`.split('/')
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/')
      if (!dirs.has(d)) {
        dirs.add(d)
        blocks.push(...entry(`${d}/`, '5', Buffer.alloc(0)))
      }
    }
    blocks.push(...entry(`${prefix}${p}`, '0', files.get(p)))
  }
  blocks.push(Buffer.alloc(1024))
  return gzipSync(Buffer.concat(blocks))
}

function entry(name, type, data) {
  const out = []
  let header = splitName(name)
  if (!header) {
    out.push(paxEntry(`PaxHeaders/${path.posix.basename(name)}`, 'x', { path: name }))
    header = { name: name.slice(0, 100), prefix: '' }
  }
  out.push(tarHeader({ ...header, type, size: data.length, mode: type === '5' ? 0o775 : 0o664 }))
  out.push(data, Buffer.alloc((512 - (data.length % 512)) % 512))
  return out
}

function splitName(name) {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' }
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i)
    const rest = name.slice(i + 1)
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest)
      return { name: rest, prefix }
  }
  return null
}

function paxEntry(name, type, records) {
  const body = Buffer.from(
    Object.entries(records)
      .map(([k, v]) => {
        const line = ` ${k}=${v}\n`
        let len = Buffer.byteLength(line) + 1
        while (String(len).length + Buffer.byteLength(line) !== len) len++
        return `${len}${line}`
      })
      .join(''),
  )
  return Buffer.concat([
    tarHeader({ name, prefix: '', type, size: body.length, mode: 0o666 }),
    body,
    Buffer.alloc((512 - (body.length % 512)) % 512),
  ])
}

function tarHeader({ name, prefix, type, size, mode }) {
  const h = Buffer.alloc(512)
  h.write(name, 0, 100)
  h.write(mode.toString(8).padStart(7, '0'), 100)
  h.write('0000000', 108)
  h.write('0000000', 116)
  h.write(size.toString(8).padStart(11, '0'), 124)
  h.write(commitTime.toString(8).padStart(11, '0'), 136)
  h.write('        ', 148)
  h.write(type, 156)
  h.write('ustar\u000000', 257)
  h.write('root', 265)
  h.write('root', 297)
  h.write(prefix, 345, 155)
  let sum = 0
  for (const b of h) sum += b
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148)
  return h
}

// TF Hub assets this server holds, by tfhub.dev path: real TF.js models built from the demo files
// (the MoveNet files are the TF.js conversion of google/movenet/singlepose/lightning/4).
const assetSources = {
  '/google/tfjs-model/movenet/singlepose/lightning/4': 'movenet-lightning',
  '/tensorflow/tfjs-model/blazeface/1/default/1': 'blazeface',
}

// SavedModel assets (?tf-hub-format=compressed), by tfhub.dev path. The project bundles no
// SavedModel weights, so this is the layout of one with stand-in contents: a saved_model.pb that
// is a real SavedModel proto (schema version 1, one MetaGraphDef tagged "serve"), and a variables/
// index and data shard with placeholder bytes.
const savedModelSources = new Set(['/google/movenet/singlepose/lightning/4'])

/** A protobuf field: tag, then a varint or length-delimited bytes (enough for small messages). */
function protoField(number, value) {
  const varint = (n) => {
    const out = []
    for (; n > 127; n >>>= 7) out.push((n & 127) | 128)
    out.push(n)
    return Buffer.from(out)
  }
  if (typeof value === 'number') return Buffer.concat([varint(number << 3), varint(value)])
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value)
  return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes])
}

export function buildSavedModelArchive() {
  // SavedModel { saved_model_schema_version = 1; meta_graphs { meta_info_def { tags: "serve" } } }
  const metaInfoDef = protoField(4, 'serve')
  const metaGraphDef = protoField(1, metaInfoDef)
  const savedModel = Buffer.concat([protoField(1, 1), protoField(2, metaGraphDef)])
  return buildTarGz(
    new Map([
      ['saved_model.pb', savedModel],
      ['variables/variables.index', Buffer.from('placeholder index of the variables\n')],
      ['variables/variables.data-00000-of-00001', Buffer.alloc(4096, 7)],
    ]),
  )
}

export async function buildAssetArchive(folder) {
  const files = new Map()
  for (const name of await readdir(path.join(demoDir, folder)))
    files.set(name, await readFile(path.join(demoDir, folder, name)))
  return buildTarGz(files)
}

/**
 * Starts the server on 127.0.0.1 and returns its origin. Besides the bundled snapshot it can
 * serve modified snapshots under their own ids, for tests:
 *   PUT /control/tfhub/<id>  {"commit": "<40 hex>", "changes": {"<path>": "<text>" | null}, "corrupt": "truncate" | "garbage",
 *                             "padded": {"<path>": <bytes>}}   (padded: the file, then spaces up to that size)
 *   GET /tfhub/<id>/commit, GET /tfhub/<id>/archive/<revision>.tar.gz
 *   GET /tfhub-assets[/delay/<ms>][/status/<code>]/<tfhub.dev path>   TF Hub assets (see above)
 *   GET /control/requests?prefix=<path prefix>                        how many requests came
 *   GET /hostile/<case>   hostile asset hosts for the pull-through's limits (see hostileAsset)
 */
export async function startSourceServer({ port = 0 } = {}) {
  const snapshotFiles = await readTfhubSnapshot()
  const sources = new Map([['snapshot', { commit: tfhubCommit, files: snapshotFiles }]])
  const archives = new Map()
  const archiveOf = (id) => {
    if (!archives.has(id)) {
      const source = sources.get(id)
      let gz = buildGithubArchive(source.files, source.commit)
      if (source.corrupt === 'truncate') gz = gz.subarray(0, Math.floor(gz.length / 2))
      if (source.corrupt === 'garbage')
        gz = Buffer.concat([gz.subarray(0, 20), Buffer.alloc(4096, 7), gz.subarray(4116)])
      archives.set(id, gz)
    }
    return archives.get(id)
  }
  const assets = new Map()
  const requests = []

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    requests.push(url.pathname)
    // no keep-alive: a client reusing a socket the server is closing sees "connection lost"
    res.setHeader('connection', 'close')
    try {
      if (req.method === 'PUT' && url.pathname.startsWith('/control/tfhub/')) {
        const id = url.pathname.slice('/control/tfhub/'.length)
        const body = JSON.parse(await readBody(req))
        const files = new Map(snapshotFiles)
        for (const [p, text] of Object.entries(body.changes ?? {})) {
          if (text === null) files.delete(p)
          else files.set(p, Buffer.from(text))
        }
        for (const [p, size] of Object.entries(body.padded ?? {})) {
          const text = files.get(p) ?? Buffer.alloc(0)
          files.set(p, Buffer.concat([text, Buffer.alloc(Math.max(0, size - text.length), ' ')]))
        }
        sources.set(id, { commit: body.commit, files, corrupt: body.corrupt })
        archives.delete(id)
        return void res.writeHead(204).end()
      }
      if (url.pathname === '/control/requests') {
        const prefix = url.searchParams.get('prefix') ?? '/'
        const count = requests.filter((p) => p.startsWith(prefix)).length
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ count }))
      }
      const tfhub = url.pathname.match(
        /^\/tfhub\/(?:([\w-]+)\/)?(commit|archive(?:\/[\w]+)?\.tar\.gz)$/,
      )
      if (tfhub) {
        const source = sources.get(tfhub[1] ?? 'snapshot')
        if (!source) return void res.writeHead(404).end('no such source')
        if (tfhub[2] === 'commit') {
          const etag = `"${source.commit}"`
          if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end()
          return void res.writeHead(200, { 'content-type': 'text/plain', etag }).end(source.commit)
        }
        const revision = tfhub[2].match(/^archive\/(\w+)\.tar\.gz$/)?.[1]
        if (revision && revision !== 'master' && revision !== source.commit)
          return void res.writeHead(404).end('no such commit')
        const body = archiveOf(tfhub[1] ?? 'snapshot')
        return void res
          .writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': body.length })
          .end(body)
      }
      if (url.pathname.startsWith('/tfhub-assets/')) {
        let rest = url.pathname.slice('/tfhub-assets'.length)
        const delay = rest.match(/^\/delay\/(\d+)/)
        if (delay) {
          rest = rest.slice(delay[0].length)
          await new Promise((resolve) => setTimeout(resolve, Number(delay[1])))
        }
        const status = rest.match(/^\/status\/(\d{3})/)
        if (status) return void res.writeHead(Number(status[1])).end('upstream says no')
        if (savedModelSources.has(rest) && url.searchParams.get('tf-hub-format') === 'compressed') {
          if (!assets.has(rest)) assets.set(rest, buildSavedModelArchive())
          const body = assets.get(rest)
          return void res
            .writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': body.length })
            .end(body)
        }
        const folder = assetSources[rest]
        if (!folder || url.searchParams.get('tfjs-format') !== 'compressed')
          return void res.writeHead(404).end('no such asset')
        if (!assets.has(folder)) assets.set(folder, await buildAssetArchive(folder))
        const body = assets.get(folder)
        return void res
          .writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': body.length })
          .end(body)
      }
      if (url.pathname.startsWith('/hostile/')) return void hostileAsset(req, res, url)
      if (url.pathname.startsWith('/demo/')) {
        const file = path.join(demoDir, decodeURIComponent(url.pathname.slice('/demo/'.length)))
        if (!file.startsWith(demoDir + path.sep)) return void res.writeHead(403).end('forbidden')
        const info = await stat(file).catch(() => null)
        if (!info?.isFile()) return void res.writeHead(404).end('not found')
        res.writeHead(200, { 'content-type': demoContentType(file), 'content-length': info.size })
        return void createReadStream(file).pipe(res)
      }
      res.writeHead(404).end('not found')
    } catch (err) {
      res.writeHead(500).end(String(err))
    }
  })
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${server.address().port}`
  return {
    origin,
    server,
    /** the Worker's vars that point the sync at this server */
    vars: {
      TFHUB_SOURCE_URL: `${origin}/tfhub/archive/{revision}.tar.gz`,
      TFHUB_COMMIT_URL: `${origin}/tfhub/commit`,
      TFHUB_ASSET_ORIGIN: `${origin}/tfhub-assets`,
      // the one plain-http origin the pull-through may fetch from: this server (tests, npm start)
      PULL_TEST_ORIGIN: origin,
      DEMO_SOURCE_URL: `${origin}/demo/`,
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

const GiB = 1024 ** 3

/**
 * A gzip of `parts` (bytes, each repeated `times`), made without compressing the repeats: each
 * part is deflated once with a full flush, which ends its deflate bytes on a byte boundary with
 * the compressor reset, so they can be repeated and concatenated. Yields about 1 MiB at a time.
 */
function* repeatedGzip(parts) {
  let batch = [Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])]
  let batched = batch[0].length
  let crc = 0
  let size = 0
  for (const { bytes, times } of parts) {
    const deflated = deflateRawSync(bytes, { level: 9, finishFlush: constants.Z_FULL_FLUSH })
    for (let i = 0; i < times; i++) {
      crc = crc32(bytes, crc)
      size += bytes.length
      batch.push(deflated)
      batched += deflated.length
      if (batched >= 1024 * 1024) {
        yield Buffer.concat(batch)
        batch = []
        batched = 0
      }
    }
  }
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc >>> 0, 0)
  trailer.writeUInt32LE(size % 2 ** 32, 4)
  // an empty final block (BFINAL=1, fixed Huffman, end of block), then the gzip trailer
  yield Buffer.concat([...batch, Buffer.from([0x03, 0x00]), trailer])
}

/**
 * What a hostile asset host serves. Big bodies are generated as they are sent, with backpressure,
 * and stop when the client goes away: nothing of their size is ever held.
 *   gzip-bomb        a 10 GiB tar of zeros (ten 1 GiB members), about 10 MB gzip, in 1 MiB
 *                    writes: one read can bring a gigabyte's worth of zeros
 *   many-members     100,000 empty members
 *   benign           a well-formed 4 MiB asset, the baseline of `npm run bench:hostile`
 *   unsafe-path      one member named ../evil.bin
 *   stall            a few bytes of a declared MiB, then nothing
 *   drip             one byte every 100 ms, forever
 *   huge-length      Content-Length: 100 GiB
 *   short-body       Content-Length: 1 MiB, 1 KiB sent, then the connection is cut
 *   redirect?to=URL  302 to URL
 *   redirect-loop/N  302 to redirect-loop/N+1, endlessly
 */
let benignAsset

function hostileAsset(req, res, url) {
  const [name, arg] = url.pathname.slice('/hostile/'.length).split('/')
  const gzipped = (generate) => {
    res.writeHead(200, { 'content-type': 'application/gzip' })
    const gzip = createGzip({ level: 9 })
    const source = Readable.from(generate())
    res.on('close', () => (source.destroy(), gzip.destroy()))
    source.pipe(gzip).pipe(res)
  }
  const hold = (ms) => {
    const timer = setTimeout(() => res.destroy(), ms)
    res.on('close', () => clearTimeout(timer))
  }
  switch (name) {
    case 'gzip-bomb': {
      res.writeHead(200, { 'content-type': 'application/gzip' })
      const zeros = Buffer.alloc(1024 * 1024)
      const parts = []
      for (let i = 0; i < 10; i++) {
        const header = tarHeader({
          name: `zeros-${i}.bin`,
          prefix: '',
          type: '0',
          size: GiB,
          mode: 0o644,
        })
        parts.push({ bytes: header, times: 1 }, { bytes: zeros, times: 1024 })
      }
      parts.push({ bytes: Buffer.alloc(1024), times: 1 })
      const source = Readable.from(repeatedGzip(parts))
      res.on('close', () => source.destroy())
      return void source.pipe(res)
    }
    case 'many-members':
      return gzipped(function* () {
        for (let i = 0; i < 100_000; i += 500) {
          const headers = []
          for (let j = i; j < i + 500; j++)
            headers.push(
              tarHeader({ name: `empty-${j}`, prefix: '', type: '0', size: 0, mode: 0o644 }),
            )
          yield Buffer.concat(headers)
        }
        yield Buffer.alloc(1024)
      })
    case 'benign': {
      benignAsset ??= buildTarGz(new Map([['model.bin', randomBytes(4 * 1024 * 1024)]]))
      return void res.writeHead(200, { 'content-length': benignAsset.length }).end(benignAsset)
    }
    case 'unsafe-path': {
      const body = buildTarGz(new Map([['../evil.bin', Buffer.from('evil')]]))
      return void res.writeHead(200, { 'content-length': body.length }).end(body)
    }
    case 'stall':
      res.writeHead(200, { 'content-length': 1024 * 1024 })
      res.write(Buffer.from([0x1f, 0x8b, 8, 0]))
      return hold(30_000)
    case 'drip': {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      const timer = setInterval(() => res.write(Buffer.alloc(1)), 100)
      res.on('close', () => clearInterval(timer))
      return hold(30_000)
    }
    case 'huge-length':
      res.writeHead(200, { 'content-length': 100 * GiB })
      res.write(Buffer.alloc(1024))
      return hold(30_000)
    case 'short-body':
      res.writeHead(200, { 'content-length': 1024 * 1024 })
      res.write(Buffer.alloc(1024))
      return void setTimeout(() => res.destroy(), 50)
    case 'redirect':
      return void res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end()
    case 'redirect-loop':
      return void res
        .writeHead(302, { location: `/hostile/redirect-loop/${Number(arg) + 1}` })
        .end()
    default:
      res.writeHead(404).end('no such case')
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => resolve(body))
    req.on('error', reject)
  })
}

// as a web server would label the demo files: the manifest and cards are text
function demoContentType(file) {
  if (file.endsWith('.json')) return 'application/json'
  if (file.endsWith('.md')) return 'text/markdown; charset=utf-8'
  return 'application/octet-stream'
}
