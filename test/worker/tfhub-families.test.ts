// The family mapping against the public TF Hub → Kaggle pairs (docs/tfhub.md, "Families"): every
// pair's TF Hub handle resolves to exactly its Kaggle handle, except the rows the docs list as
// knowingly different, with their reason.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSourceArchive } from '../../worker/tfhub/source'
import { planCatalog, type CatalogPlan } from '../../worker/tfhub/map'
import { parseTfhubFile, parseVocabulary, type ParsedFile } from '../../worker/tfhub/parse'
import { familyPairs } from '../../worker/tfhub/family'
import {
  formatKaggleHandle,
  kaggleHandleIndex,
  kaggleHandlesOf,
  sameKaggleHandle,
} from '../../worker/tfhub/kaggle-handle'

/** docs/tfhub.md, "Families", "Knowingly different" */
const knowinglyDifferent: Record<string, string> = {
  'agripredict/disease-classification': 'licence custom: not imported',
  'callmemehdi/AraBERT': 'licence custom: not imported',
  'jeongukjae/klue_roberta_cased_L-24_H-1024_A-16': 'licence cc-by-sa-4.0: not imported',
  'google/nnlm-en-dim128/2': 'Kaggle numbered this TF2 version 2 after the migration',
}

describe('the family mapping on the whole snapshot', () => {
  let plan: CatalogPlan
  let files: ParsedFile[]

  beforeAll(async () => {
    const archive = await readSourceArchive({ archiveUrl: env.TFHUB_SOURCE_URL }, null)
    files = []
    const vocab = new Map<string, ReturnType<typeof parseVocabulary>>()
    for (const file of archive.files.values()) {
      const text = new TextDecoder().decode(file.bytes)
      if (file.path.startsWith('assets/docs/')) files.push(parseTfhubFile(file.path, text))
      else if (file.path.startsWith('tags/'))
        vocab.set(file.path.slice(5).replace(/\.yaml$/, ''), parseVocabulary(text))
    }
    plan = planCatalog(files, {
      task: vocab.get('task')!,
      dataset: vocab.get('dataset')!,
      architecture: vocab.get('network_architecture')!,
      language: vocab.get('language')!,
    })
  })

  it('resolves every public pair to its Kaggle handle, but the rows the docs explain', () => {
    const index = kaggleHandleIndex(plan)
    const wrong: Record<string, string> = {}
    for (const pair of familyPairs) {
      const resolved = kaggleHandlesOf(index, pair.tfhub, pair.kaggle.framework)
      if (resolved.some((handle) => sameKaggleHandle(handle, pair.kaggle))) continue
      wrong[pair.tfhub] =
        `${formatKaggleHandle(pair.kaggle)} ≠ ${resolved.map(formatKaggleHandle).join(', ') || 'nothing'}`
    }
    expect(Object.keys(wrong).sort()).toEqual(Object.keys(knowinglyDifferent).sort())
    console.log(
      `pairs: ${familyPairs.length - Object.keys(wrong).length} of ${familyPairs.length} resolve exactly`,
    )
  })

  it('places every base handle by one rule, with the totals of docs/tfhub.md', () => {
    const rules: Record<string, number> = {}
    for (const place of plan.families.bases.values())
      rules[place.rule] = (rules[place.rule] ?? 0) + 1
    const variations = plan.models.reduce((n, m) => n + m.variations.length, 0)
    const versions = plan.models.reduce(
      (n, m) => n + m.variations.reduce((k, v) => k + v.versions.length, 0),
      0,
    )
    console.log({ models: plan.models.length, variations, versions, rules })
    expect(rules).toEqual({
      override: 680,
      collection: 135,
      prefix: 272,
      'first-segment': 62,
      own: 158,
    })
    expect({ models: plan.models.length, variations, versions }).toEqual({
      models: 322,
      variations: 1817,
      versions: 2520,
    })
  })

  it('puts MoveNet in one family, its TF.js and TFLite deployments named from their own names', () => {
    const movenet = plan.models.find((m) => m.ownerSlug === 'google' && m.slug === 'movenet')!
    const names = movenet.variations.map((v) => `${v.framework}/${v.slug}`)
    expect(names).toContain('tfJs/singlepose-lightning')
    expect(names).toContain('tensorFlow2/singlepose-thunder')
    expect(names).toContain('tfLite/singlepose-thunder-tflite-float16')
    const tfjs = movenet.variations.find(
      (v) => v.framework === 'tfJs' && v.slug === 'singlepose-lightning',
    )!
    // the old one-model-per-handle path stays known, for the redirect
    expect(tfjs.versions[0]!.legacy).toEqual({
      owner: 'google',
      model: 'movenet-singlepose-lightning',
      framework: 'tfJs',
      variation: 'default',
      number: 1,
    })
  })

  it("takes a family's card from its collection, else its member named like it, else a Placeholder member, else its main member", () => {
    // a base handle's latest page (a deployment may share its name), or a collection's
    const latest = (handle: string, kind?: string) =>
      files
        .filter(
          (f) =>
            `${f.publisher}/${f.name}` === handle &&
            (kind ? f.kind === kind : f.kind === 'Module' || f.kind === 'Placeholder'),
        )
        .sort((a, b) => a.version! - b.version!)
        .at(-1)!
    const sources: Record<string, number> = { collection: 0, placeholder: 0, main: 0 }
    for (const model of plan.models) {
      const collection = plan.families.collections.get(`${model.ownerSlug}/${model.slug}`)
      if (collection) {
        const file = latest(`${collection.publisher}/${collection.name}`, 'Collection')
        expect(model.subtitle, `${model.ownerSlug}/${model.slug}`).toBe(file.description)
        sources.collection!++
      } else if (model.subtitle === latest(model.sourceHandle).description) sources.main!++
      else {
        const placeholder = model.members
          .map((m) => latest(m.handle))
          .find((f) => f.kind === 'Placeholder' && f.body.trim())
        expect(placeholder, `${model.ownerSlug}/${model.slug}`).toBeDefined()
        expect(model.subtitle).toBe(placeholder!.description)
        sources.placeholder!++
      }
    }
    console.log('family cards', sources)
    // the collection google/autoseg-edgetpu names its family: the card is the collection's
    const autoseg = plan.models.find(
      (m) => m.ownerSlug === 'google' && m.slug === 'autoseg-edgetpu',
    )!
    const collection = latest('google/autoseg-edgetpu', 'Collection')
    expect(autoseg.subtitle).toBe(collection.description)
    expect(autoseg.cardMd).toBe(collection.body)
    expect(sources.collection).toBeGreaterThan(5)
    // every variation keeps its own overview and card
    const movenet = plan.models.find((m) => m.ownerSlug === 'google' && m.slug === 'movenet')!
    const thunder = movenet.variations.find(
      (v) => v.framework === 'tensorFlow2' && v.slug === 'singlepose-thunder',
    )!
    expect(thunder.overview).toBe(latest('google/movenet/singlepose/thunder').description)
    expect(thunder.usageMd).toBe(latest('google/movenet/singlepose/thunder').body)
  })
})
