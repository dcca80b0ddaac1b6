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

  beforeAll(async () => {
    const archive = await readSourceArchive({ archiveUrl: env.TFHUB_SOURCE_URL }, null)
    const files: ParsedFile[] = []
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
})
