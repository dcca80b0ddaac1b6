import { env } from 'cloudflare:workers'
import { sql } from 'drizzle-orm'
import { expect } from 'vitest'
import app from '../../worker/app'
import { createDb } from '../../db/client'
import { models, owners, variations, versions } from '../../db/schema'
import { recordDownload } from '../../db/queries/usage'
import type { ListModelsResponse } from '../../worker/api-types'
import { runTfhubSync } from '../../worker/cron/tfhub-sync'
import { tfhubSourceFromEnv } from '../../worker/tfhub/source'
import { seedDemoModels } from '../../worker/services/seed-demo'

export const db = () => createDb(env.DB)

/** Imports the bundled TF Hub snapshot (served by the local source server) into this file's D1. */
export async function importCatalog() {
  const summary = await runTfhubSync(env.DB, tfhubSourceFromEnv(env), 'admin')
  if (summary.status !== 'succeeded') throw new Error(`import failed: ${summary.message}`)
  return summary
}

/** Publishes the demo models with their real files into this file's D1 and R2. */
export async function seedDemo() {
  return seedDemoModels(db(), env.BUCKET, env.DEMO_SOURCE_URL!)
}

/** A request through the whole app, as a client would send it. */
export function request(path: string, init?: RequestInit) {
  return app.request(`http://modelport.test${path}`, init, env)
}

export async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T
}

export async function sha256Hex(stream: ReadableStream<Uint8Array> | null) {
  const digest = new crypto.DigestStream('SHA-256')
  await stream!.pipeTo(digest)
  return [...new Uint8Array(await digest.digest)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
}

export const demoFiles = {
  'demo/blazeface/tfJs/default/1': {
    'model.json': {
      size: 79038,
      sha256: 'cd7bbfc078270572beb39f9e5ae67aadbd50b5e67cff37e6d4f6b3ea39312e5f',
    },
    'blazeface.bin': {
      size: 538928,
      sha256: 'dc9a97fdc50bc43216554bdd69aa3e7b9361a519ee7bdd996a2f69a98a6f9b72',
    },
  },
  'demo/movenet/tfJs/singlepose-lightning/1': {
    'model.json': {
      size: 161813,
      sha256: 'df8cbde44d00f533ccc4916a7c6ebc17316532fb3fadad114ec667fef22872e9',
    },
    'movenet-lightning.bin': {
      size: 4650216,
      sha256: 'bf97bc10d9c8a11200b0190ed64ce039b6252f1aff7cb552aca99b3d191c2f34',
    },
  },
} as const

/** GET /api/v1/models/list with this query string, which must answer 200. */
export async function listModels(query: string) {
  const res = await request(`/api/v1/models/list?${query}`)
  expect(res.status, query).toBe(200)
  return json<ListModelsResponse>(res)
}

export const refs = (body: ListModelsResponse) => body.models.map((m) => m.ref)

/** An organization with this slug, for models a test inserts itself. */
export async function makeOwner(slug: string) {
  const [owner] = await db()
    .insert(owners)
    .values({ slug, kind: 'organization', displayName: slug, source: 'local' })
    .returning({ id: owners.id })
  return owner!.id
}

export const fresh = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`

/** A community model under a new organization (display name Acme), for tests that need one row. */
export async function makeModel(overrides: Partial<typeof models.$inferInsert> = {}) {
  const [owner] = await db()
    .insert(owners)
    .values({ slug: fresh('owner'), kind: 'organization', displayName: 'Acme', source: 'local' })
    .returning()
  const [model] = await db()
    .insert(models)
    .values({
      ownerId: owner!.id,
      slug: fresh('model'),
      title: 'A model',
      provenance: 'community',
      ...overrides,
    })
    .returning()
  return { owner: owner!, model: model! }
}

// a small deterministic generator, so a failing case can be replayed
export function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
}

/**
 * One counted download of a model by a new client, as the download routes count it: of its first
 * version, made (variation `tensorFlow2/default`, version 1) if the model has none.
 */
export async function downloadOf(modelId: number, at = new Date()) {
  const found = await db().get<{ id: number }>(
    sql`select v.id from versions v join variations va on va.id = v.variation_id
        where va.model_id = ${modelId} order by v.id limit 1`,
  )
  let versionId = found?.id
  if (versionId === undefined) {
    const [variation] = await db()
      .insert(variations)
      .values({ modelId, framework: 'tensorFlow2', slug: 'default' })
      .returning({ id: variations.id })
    const [version] = await db()
      .insert(versions)
      .values({ variationId: variation!.id, number: 1 })
      .returning({ id: versions.id })
    versionId = version!.id
  }
  await recordDownload(db(), { versionId, client: `test-client-${++downloadClients}`, at })
}
let downloadClients = 0
