// tfhub.dev's URLs against the imported catalog and the real local upstream that serves the
// MoveNet TF.js archive (scripts/source-server.mjs): page redirects, the TF.js fromTFHub file
// requests, the compressed download, CORS, and what falls through to the SPA.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { readTar } from '../../worker/lib/tar'
import { demoFiles, importCatalog, json, request, sha256Hex } from './helpers'

const tfjsUrl = '/google/tfjs-model/movenet/singlepose/lightning/4'
const expected = demoFiles['demo/movenet/tfJs/singlepose-lightning/1']
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }

/** The regular files of a tar.gz, by path. */
async function unpack(body: ReadableStream<Uint8Array>) {
  const files = new Map<string, Uint8Array>()
  for await (const entry of readTar(body.pipeThrough(new DecompressionStream('gzip'))).entries)
    if (entry.type === 'file') files.set(entry.path, await entry.bytes(1024 * 1024))
  return files
}

beforeAll(async () => {
  await importCatalog()
})

describe('TF Hub URLs', () => {
  it('send a browser to the model page of the version they name', async () => {
    const res = await request(tfjsUrl, { headers: html })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/models/google/movenet/tfJs/singlepose-lightning/4')
    const latest = await request('/google/tfjs-model/movenet/singlepose/lightning', {
      headers: html,
    })
    expect(latest.headers.get('location')).toMatch(
      /^\/models\/google\/movenet\/tfJs\/singlepose-lightning\/\d+$/,
    )
  })

  it('answer what loadGraphModel(url, { fromTFHub: true }) asks, with CORS', async () => {
    const manifest = await request(`${tfjsUrl}/model.json?tfjs-format=file`)
    expect(manifest.status).toBe(200)
    expect(manifest.headers.get('access-control-allow-origin')).toBe('*')
    expect(manifest.headers.get('access-control-allow-credentials')).toBeNull()
    const model = await json(manifest)
    const paths: string[] = model.weightsManifest.flatMap(
      (group: { paths: string[] }) => group.paths,
    )
    expect(paths.length).toBeGreaterThan(0)
    for (const path of paths) {
      const res = await request(`${tfjsUrl}/${path}?tfjs-format=file`)
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      expect(await sha256Hex(res.body)).toBe(expected['movenet-lightning.bin'].sha256)
    }
    const direct = await request(`${tfjsUrl}?tfjs-format=file`)
    expect(await sha256Hex(direct.body)).toBe(expected['model.json'].sha256)
  })

  it('answer ?tfjs-format=compressed with the tar.gz of the files', async () => {
    const res = await request(`${tfjsUrl}?tfjs-format=compressed`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/gzip')
    const names: string[] = []
    for await (const entry of readTar(res.body!.pipeThrough(new DecompressionStream('gzip')))
      .entries)
      names.push(entry.path)
    expect(names.sort()).toEqual(Object.keys(expected).sort())
  })

  it('answer ?tf-hub-format=compressed with the SavedModel as upstream laid it out', async () => {
    // the asset host's SavedModel of google/movenet/singlepose/lightning/4 (scripts/source-server.mjs)
    const savedModelUrl = '/google/movenet/singlepose/lightning/4?tf-hub-format=compressed'
    const upstream = await fetch(`${env.SOURCE_ORIGIN}/tfhub-assets${savedModelUrl}`)
    const res = await request(savedModelUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/gzip')
    const served = await unpack(res.body!)
    expect([...served.keys()].sort()).toEqual([
      'saved_model.pb',
      'variables/variables.data-00000-of-00001',
      'variables/variables.index',
    ])
    expect(served).toEqual(await unpack(upstream.body!))
    // a SavedModel proto: saved_model_schema_version = 1, then a MetaGraphDef tagged "serve"
    const savedModel = served.get('saved_model.pb')!
    expect([...savedModel.subarray(0, 3)]).toEqual([0x08, 0x01, 0x12])
    expect(new TextDecoder().decode(savedModel)).toContain('serve')
  })

  it('answer Range and HEAD like the files route', async () => {
    const res = await request(`${tfjsUrl}/model.json?tfjs-format=file`, {
      headers: { range: 'bytes=0-0' },
    })
    expect(res.status).toBe(206)
    expect(await res.text()).toBe('{')
    const head = await request(`${tfjsUrl}/model.json`, { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe(String(expected['model.json'].size))
  })

  it('answer a CORS preflight for GET and HEAD', async () => {
    const res = await request(`${tfjsUrl}/model.json`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD')
  })

  it('send collections to the publisher page, and answer 404 for unknown handles', async () => {
    const collection = await request('/google/collections/movenet/1', { headers: html })
    expect(collection.status).toBe(302)
    expect(collection.headers.get('location')).toBe('/owners/google')
    const unknown = await request('/google/no-such-model/1?tf-hub-format=compressed')
    expect(unknown.status).toBe(404)
    expect(await json(unknown)).toMatchObject({ code: 404, error: { code: 'NOT_FOUND' } })
  })

  it('leave what is not a TF Hub publisher to the SPA, and API 404s as JSON', async () => {
    for (const path of ['/models/google/movenet', '/owners/google', '/not-a-publisher/x/1']) {
      const res = await request(path, { headers: html })
      expect(res.status, path).not.toBe(302)
      expect(res.headers.get('content-type') ?? '', path).not.toContain('application/json')
    }
    const api = await request('/api/v1/no-such-route')
    expect(api.status).toBe(404)
    expect(await json(api)).toMatchObject({ code: 404 })
  })
})

describe('old model pages', () => {
  it('answer a browser with a 308 to the family page, keeping the rest of the path', async () => {
    const res = await request('/models/google/movenet-singlepose-lightning/tfJs/default/4', {
      headers: { accept: 'text/html' },
    })
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe('/models/google/movenet/tfJs/singlepose-lightning/4')
    const renamed = await request('/models/sayakpaul/convnext-base-1k-224', {
      headers: { accept: 'text/html' },
    })
    expect(renamed.status).toBe(308)
    expect(renamed.headers.get('location')).toBe('/models/spsayakpaul/convnext')
  })
})
