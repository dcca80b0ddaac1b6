import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiModelDetail } from '../../worker/api-types'
import worker from '../../worker/index'
import { readSourceArchive } from '../../worker/tfhub/source'
import { buildSourceState } from '../../worker/tfhub/source-files'
import { applyCatalogPlan } from '../../worker/tfhub/apply'
import { planCatalog } from '../../worker/tfhub/map'
import { db, importCatalog, request } from './helpers'
import { readFacetHead } from '../../worker/search/facet-index'
import { decodeFacetSnapshot, facetSnapshotKey } from '../../worker/search/snapshot'

const all = async <T = Record<string, unknown>>(query: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(query)
      .bind(...params)
      .all<T>()
  ).results
const one = async <T = Record<string, unknown>>(query: string, ...params: unknown[]) =>
  (await env.DB.prepare(query)
    .bind(...params)
    .first<T>())!
const count = async (query: string, ...params: unknown[]) =>
  (await one<{ n: number }>(query, ...params)).n

// Every catalog table with the columns a sync writes, to compare whole catalogs.
const catalogTables = [
  'owners',
  'models',
  'variations',
  'versions',
  'tags',
  'model_tags',
  'notebooks',
  'tfhub_source_files',
]
async function catalogSnapshot() {
  const snapshot: Record<string, unknown[]> = {}
  for (const table of catalogTables)
    snapshot[table] = await all(`select * from ${table} order by rowid`)
  return snapshot
}

describe('the TF Hub sync run by the Cron Trigger on the real snapshot', () => {
  beforeAll(async () => {
    const controller = createScheduledController({
      cron: '*/15 * * * *',
      scheduledTime: Date.now(),
    })
    const ctx = createExecutionContext()
    await worker.scheduled(controller, env, ctx)
    await waitOnExecutionContext(ctx)
  })

  it('records a successful run of the snapshot commit', async () => {
    const run = await one<Record<string, unknown>>(
      "select * from sync_runs where job = 'tfhub' order by id desc limit 1",
    )
    expect(run).toMatchObject({
      trigger: 'cron',
      status: 'succeeded',
      source_revision: '81fdea8ffa53b5acbd66a012d17fb8f9602c714b',
      files_seen: 2827, // 2,819 markdown files + 8 vocabularies
      files_changed: 2827,
      error_count: 0,
    })
  })

  it("then leaves the search's facet index in R2, as of the sync, for new isolates to start from", async () => {
    const snapshot = await env.BUCKET.get(facetSnapshotKey)
    expect(snapshot?.customMetadata?.seq).toBe(String((await readFacetHead(db())).seq))
    const data = decodeFacetSnapshot(await snapshot!.arrayBuffer())
    expect(data.listed.ids.length).toBe(
      await count('select count(*) as n from models where is_listed = 1 and is_private = 0'),
    )
  })

  it('lists exactly the models the licence rule admits, with the counts of docs/tfhub.md, "Expected totals"', async () => {
    expect(
      await count("select count(*) as n from models where provenance = 'tfhub' and is_listed = 1"),
    ).toBe(322)
    expect(await count("select count(*) as n from owners where source = 'tfhub'")).toBe(25)
    const pairs = await all<{ framework: string; n: number }>(
      'select framework, count(distinct model_id) as n from variations where is_listed = 1 group by framework order by framework',
    )
    expect(Object.fromEntries(pairs.map((p) => [p.framework, p.n]))).toEqual({
      coral: 3,
      tensorFlow1: 81,
      tensorFlow2: 144,
      tfJs: 47,
      tfLite: 127,
    })
    expect(await count('select count(*) as n from variations where is_listed = 1')).toBe(1817)
    expect(await count('select count(*) as n from versions where is_listed = 1')).toBe(2520)
    const byKind = await all<{ source_kind: string; n: number }>(
      'select source_kind, count(*) as n from versions group by source_kind order by source_kind',
    )
    expect(Object.fromEntries(byKind.map((k) => [k.source_kind, k.n]))).toEqual({
      Coral: 3,
      Lite: 370,
      Module: 1789,
      Tfjs: 358,
    })
    expect(
      await count(
        'select count(*) as n from models m where not exists (select 1 from variations v where v.model_id = m.id)',
      ),
    ).toBe(0)
  })

  it('keeps out every custom, CC-BY-SA, CC-BY-NC and BSD model', async () => {
    const excluded = [
      'nvidia/unet/industrial/class_1',
      'nvidia/unet/industrial/class_10',
      'silero/silero-stt/en',
      'callmemehdi/AraBERT',
      'metmuseum/vision/classifier/imet_attributes_V1',
      'jeongukjae/klue_roberta_cased_L-12_H-768_A-12',
      'inaturalist/vision/embedder/inaturalist_V2',
      'svampeatlas/vision/embedder/fungi_V2',
      'agripredict/disease-classification',
    ]
    for (const handle of excluded)
      expect(await count('select count(*) as n from models where source_handle = ?', handle)).toBe(
        0,
      )
    expect(
      await count(
        "select count(*) as n from owners where slug in ('nvidia', 'silero', 'inaturalist', 'svampeatlas', 'metmuseum', 'agripredict')",
      ),
    ).toBe(0)
    const licences = await all<{ license_id: string; license_source: string; n: number }>(
      'select license_id, license_source, count(*) as n from models group by 1, 2 order by 1, 2',
    )
    expect(licences).toEqual([
      { license_id: 'apache-2.0', license_source: 'explicit', n: 55 },
      { license_id: 'apache-2.0', license_source: 'tfhub-default', n: 226 },
      { license_id: 'mit', license_source: 'explicit', n: 41 },
    ])
    // the source files of excluded models are recorded all the same, for a later licence change
    expect(
      await count(
        "select count(*) as n from tfhub_source_files where handle like 'nvidia/unet/industrial/class_1/%'",
      ),
    ).toBe(1)
  })

  it('maps MoveNet as one family, its handles as variations in each framework', async () => {
    const model = await one(
      "select m.*, o.slug as owner from models m join owners o on o.id = m.owner_id where o.slug = 'google' and m.slug = 'movenet'",
    )
    expect(model).toMatchObject({
      owner: 'google',
      slug: 'movenet',
      title: 'MoveNet',
      license_id: 'apache-2.0',
      license_source: 'tfhub-default',
      fine_tunable: 0,
      provenance: 'tfhub',
      source_handle: 'google/movenet/multipose/lightning',
      source_url: 'https://tfhub.dev/google/movenet/multipose/lightning',
      is_listed: 1,
    })
    const tags = await all(
      'select t.type, t.slug, t.name from model_tags mt join tags t on t.id = mt.tag_id where mt.model_id = ? order by 1, 2',
      model.id,
    )
    expect(tags).toEqual([
      { type: 'architecture', slug: 'mobilenet-v2', name: 'MobileNet V2' },
      { type: 'data_type', slug: 'image', name: 'Image' },
      { type: 'task', slug: 'image-pose-detection', name: 'Image pose detection' },
    ])
    const variations = await all<{
      framework: string
      slug: string
      versions: string
      base: string | null
    }>(
      `select v.framework, v.slug, b.framework || '/' || b.slug as base,
        (select group_concat(number || '=' || source_handle, ' ') from (select * from versions where variation_id = v.id order by number)) as versions
       from variations v left join variations b on b.id = v.base_variation_id where v.model_id = ? and v.slug like 'singlepose-lightning%' order by 1, 2`,
      model.id,
    )
    expect(variations).toEqual([
      {
        framework: 'tensorFlow2',
        slug: 'singlepose-lightning',
        base: null,
        versions: [1, 2, 3, 4]
          .map((v) => `${v}=google/movenet/singlepose/lightning/${v}`)
          .join(' '),
      },
      {
        framework: 'tfJs',
        slug: 'singlepose-lightning',
        base: 'tensorFlow2/singlepose-lightning',
        versions: [1, 2, 3, 4]
          .map((v) => `${v}=google/movenet/singlepose/lightning/${v}`)
          .join(' '),
      },
      {
        framework: 'tfLite',
        slug: 'singlepose-lightning',
        base: 'tensorFlow2/singlepose-lightning',
        versions: '1=google/movenet/singlepose/lightning/3',
      },
      {
        framework: 'tfLite',
        slug: 'singlepose-lightning-tflite-float16',
        base: 'tensorFlow2/singlepose-lightning',
        versions: '1=google/movenet/singlepose/lightning/tflite/float16/4',
      },
      {
        framework: 'tfLite',
        slug: 'singlepose-lightning-tflite-int8',
        base: 'tensorFlow2/singlepose-lightning',
        versions: '1=google/movenet/singlepose/lightning/tflite/int8/4',
      },
    ])
    // the old one-model-per-handle handles stay, as aliases of the same rows
    const aliases = await all<{ old_path: string; number: number | null }>(
      `select a.old_path, ve.number from handle_aliases a left join versions ve on ve.id = a.version_id
       where a.old_path like 'google/movenet-singlepose-lightning%' order by 1`,
    )
    expect(aliases.map((a) => a.old_path)).toEqual(
      expect.arrayContaining([
        'google/movenet-singlepose-lightning',
        'google/movenet-singlepose-lightning/tfjs/default',
        'google/movenet-singlepose-lightning/tfjs/default/4',
        'google/movenet-singlepose-lightning/tensorflow2/movenet-singlepose-lightning/1',
      ]),
    )
    const tfjs4 = await one(
      "select * from versions where source_path = 'assets/docs/google/models/movenet/singlepose/lightning/tfjs/4.md'",
    )
    expect(tfjs4).toMatchObject({
      number: 4,
      source_kind: 'Tfjs',
      source_version: 4,
      source_url: 'https://tfhub.dev/google/tfjs-model/movenet/singlepose/lightning/4',
      format: 'tfjs',
      asset_path: 'internal',
      parent_source_handle: 'google/movenet/singlepose/lightning/4',
      parent_resolution: 'exact',
      demo_url:
        'https://storage.googleapis.com/tfjs-models/demos/pose-detection/index.html?model=movenet&&type=lightning',
    })
    const notebooks = await all(
      'select title, url, source from notebooks where model_id = ?',
      model.id,
    )
    expect(notebooks).toContainEqual({
      title: 'MoveNet',
      url: 'https://colab.research.google.com/github/tensorflow/docs/blob/master/site/en/hub/tutorials/movenet.ipynb',
      source: 'tfhub',
    })
    expect(model.notebook_count).toBe(notebooks.length)
  })

  it("answers the MoveNet family's page with every variation's own overview, card, tags and TF Hub source", async () => {
    const res = await request('/api/v1/models/google/movenet/get')
    expect(res.status).toBe(200)
    const { instances } = (await res.json()) as ApiModelDetail
    const listed = await count(
      "select count(*) as n from variations v join models m on m.id = v.model_id where m.slug = 'movenet' and v.is_listed = 1 and m.source_handle like 'google/%'",
    )
    // the explorer and the comparison table list them all
    expect(instances).toHaveLength(listed)
    for (const instance of instances!) {
      expect(instance.overview.trim(), instance.handle).not.toBe('')
      expect(instance.usage.trim(), instance.handle).not.toBe('')
      expect(instance.tfhubSource?.handle, instance.handle).toMatch(/^google\/movenet\//)
      expect(
        instance.tags?.map((t) => t.ref),
        instance.handle,
      ).toContain('task/image-pose-detection')
    }
    const thunder = instances!.find(
      (i) => i.frameworkSlug === 'tensorFlow2' && i.slug === 'singlepose-thunder',
    )!
    expect(thunder.tfhubSource).toEqual({
      handle: 'google/movenet/singlepose/thunder/4',
      url: 'https://tfhub.dev/google/movenet/singlepose/thunder/4',
    })
    expect(thunder.overview).toMatch(/single person/)
    const multipose = instances!.find((i) => i.slug === 'multipose-lightning')!
    expect(multipose.overview).toMatch(/multiple people/)
    const tfjs = instances!.find(
      (i) => i.frameworkSlug === 'tfJs' && i.slug === 'singlepose-lightning',
    )!
    expect(tfjs.tfhubSource?.url).toBe(
      'https://tfhub.dev/google/tfjs-model/movenet/singlepose/lightning/4',
    )
  })

  it('splits MobileNet V2 into TF1 and TF2 variations renumbered 1..n, with TF.js conversions', async () => {
    const rows = await all<{
      framework: string
      slug: string
      number: number
      source_version: number
      format: string
    }>(
      `select v.framework, v.slug, ve.number, ve.source_version, ve.format from versions ve
       join variations v on v.id = ve.variation_id join models m on m.id = v.model_id
       where m.slug = 'mobilenet-v2' and v.slug = '100-224-classification' order by 1, 2, 3`,
    )
    expect(
      rows.map((r) => `${r.framework}/${r.slug}/${r.number}<-${r.source_version}:${r.format}`),
    ).toEqual([
      'tensorFlow1/100-224-classification/1<-1:hub',
      'tensorFlow1/100-224-classification/2<-2:hub',
      'tensorFlow1/100-224-classification/3<-3:hub',
      'tensorFlow2/100-224-classification/1<-4:saved_model_2',
      'tensorFlow2/100-224-classification/2<-5:saved_model_2',
      'tfJs/100-224-classification/1<-1:tfjs',
      'tfJs/100-224-classification/2<-1:tfjs',
      'tfJs/100-224-classification/3<-1:tfjs',
    ])
    const model = await one(
      "select m.* from models m join owners o on o.id = m.owner_id where o.slug = 'google' and m.slug = 'mobilenet-v2'",
    )
    // the family's card is its main member's; each variation keeps its own overview
    const variation = await one(
      "select overview from variations where model_id = ? and framework = 'tensorFlow2' and slug = '100-224-classification'",
      model.id,
    )
    expect(variation.overview).toBe(
      'Imagenet (ILSVRC-2012-CLS) classification with MobileNet V2 (depth multiplier 1.00).',
    )
    const tags = await all<{ ref: string }>(
      "select t.type || '/' || t.slug as ref from model_tags mt join tags t on t.id = mt.tag_id where mt.model_id = ? order by 1",
      model.id,
    )
    expect(tags.map((t) => t.ref)).toEqual(
      expect.arrayContaining([
        'architecture/mobilenet-v2',
        'data_type/image',
        'dataset/imagenet-ilsvrc-2012-cls',
        'task/image-classification',
      ]),
    )
  })

  it('maps the BERT encoder and its explicit tags', async () => {
    const model = await one(
      "select m.* from models m join owners o on o.id = m.owner_id where o.slug = 'tensorflow' and m.slug = 'bert'",
    )
    expect(model).toMatchObject({
      slug: 'bert',
      title: 'BERT',
      fine_tunable: 1,
      license_source: 'tfhub-default',
    })
    expect(model.subtitle).toBe('Bidirectional Encoder Representations from Transformers (BERT).')
    const tags = await all<{ ref: string }>(
      "select t.type || '/' || t.slug as ref from model_tags mt join tags t on t.id = mt.tag_id where mt.model_id = ? order by 1",
      model.id,
    )
    // a family's tags are the union of its members'
    expect(tags.map((t) => t.ref)).toEqual(
      expect.arrayContaining([
        'architecture/transformer',
        'data_type/text',
        'dataset/wikipedia-and-bookscorpus',
        'language/en',
        'task/text-embedding',
      ]),
    )
    const versions = await all<{ number: number; colab_url: string }>(
      "select ve.number, ve.colab_url from versions ve join variations v on v.id = ve.variation_id where v.model_id = ? and v.slug = 'en-uncased-l-12-h-768-a-12' order by 1",
      model.id,
    )
    expect(versions.map((v) => v.number)).toEqual([1, 2, 3, 4])
    expect(versions[3]!.colab_url).toBe(
      'https://colab.research.google.com/github/tensorflow/text/blob/master/docs/tutorials/bert_glue.ipynb',
    )
  })

  it('keeps an explicit licence and resolves placeholders, suffixes and latest-version parents', async () => {
    const fcos = await one(
      "select m.* from models m join owners o on o.id = m.owner_id where o.slug = 'rishit-dagli' and m.slug = 'cppe5'",
    )
    expect(fcos).toMatchObject({
      license_id: 'apache-2.0',
      license_source: 'explicit',
      fine_tunable: 0,
    })
    const fcosVariations = await all<{ slug: string }>(
      "select slug from variations where model_id = ? and slug like 'fcos-tfjs%' order by slug",
      fcos.id,
    )
    expect(fcosVariations.map((v) => v.slug)).toEqual([
      'fcos-tfjs',
      'fcos-tfjs-fp16',
      'fcos-tfjs-uint16',
      'fcos-tfjs-uint8',
    ])

    const ssd = await all<{ v: string }>(
      `select v.framework || '/' || v.slug || '/' || ve.number as v from versions ve join variations v on v.id = ve.variation_id
       join models m on m.id = v.model_id where m.slug = 'ssd-mobilenet-v1' and v.framework in ('tfJs', 'tfLite') order by 1`,
    )
    expect(ssd.map((r) => r.v)).toEqual([
      'tfJs/default/1',
      'tfLite/default/1',
      'tfLite/metadata/1',
      'tfLite/metadata/2',
    ])

    // parent-model with a missing version: the latest version of that name (docs/tfhub.md, "Deployments and parents", rule 2)
    const speech = await all<{ parent_resolution: string; n: number }>(
      `select parent_resolution, count(*) as n from versions where parent_source_handle like 'tensorflow/speech-commands/%' group by 1`,
    )
    expect(speech).toEqual([{ parent_resolution: 'latest-version-of-name', n: 6 }])

    const publisher = await one("select * from owners where slug = 'google'")
    expect(publisher).toMatchObject({
      kind: 'organization',
      display_name: 'Google',
      avatar_url: 'https://www.gstatic.com/aihub/google_logo_120.png',
      source: 'tfhub',
    })
  })

  it('stores each source file with its git blob SHA-1 and upstream path', async () => {
    const file = await one(
      "select * from tfhub_source_files where path = 'assets/docs/google/models/movenet/singlepose/lightning/4.md'",
    )
    // `git hash-object` of the bundled file
    expect(file).toMatchObject({
      kind: 'Module',
      handle: 'google/movenet/singlepose/lightning/4',
      blob_sha1: '710cd469ed38dad0e77eb04592c8a6fa114ecbeb',
      error: null,
    })
    const vocabulary = await one("select * from tfhub_source_files where path = 'tags/task.yaml'")
    expect(vocabulary.blob_sha1).toBe('008d97f9008d04c57be733e3a112401433c7dd3e')
    expect(await count('select count(*) as n from tfhub_source_files')).toBe(2827)
  })

  it('finds imported models through the full-text index', async () => {
    const hits = await all<{ slug: string }>(
      `select m.slug from models_fts join models m on m.id = models_fts.rowid where models_fts match '"movenet"' order by bm25(models_fts, 10.0, 4.0, 3.0, 3.0, 2.0, 1.0) limit 3`,
    )
    expect(hits.map((h) => h.slug)).toContain('movenet')
  })

  it('is idempotent: a second run writes nothing and leaves the same catalog', async () => {
    const before = await catalogSnapshot()
    const summary = await importCatalog()
    expect(summary).toMatchObject({ status: 'succeeded', unchanged: true, subrequests: 1 })
    expect(summary.applied).toBeUndefined()
    expect(await catalogSnapshot()).toEqual(before)
  })

  it('re-applying the same plan to the imported catalog writes no row', async () => {
    const before = await catalogSnapshot()
    const archive = await readSourceArchive({ archiveUrl: env.TFHUB_SOURCE_URL }, null)
    const state = await buildSourceState(db(), archive.files, {
      changed: [...archive.files.values()],
      added: 0,
      vanished: [],
    })
    const plan = planCatalog(state.files, state.vocabularies)
    expect(await applyCatalogPlan(db(), plan)).toEqual({
      modelsWritten: 0,
      modelsUnlisted: 0,
      variationsWritten: 0,
      versionsWritten: 0,
      versionsUnlisted: 0,
      problems: [],
    })
    expect(await catalogSnapshot()).toEqual(before)
  })
})
