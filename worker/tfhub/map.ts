// Maps parsed tfhub.dev files onto Modelport's catalog with the default mapping of docs/tfhub.md, "Mapping":
// one model per base handle, deployments as variations of their parent's model, versions
// numbered per variation, and the licence rule (docs/tfhub.md, "Licences"). Pure: files in, desired catalog out.
import type { TagType } from '../vocabulary'
import type { ParsedFile, VocabularyEntry } from './parse'
import { httpUrl } from '../lib/http-url'
import { capitalisedSpellings, displayTitle, type Spellings } from './title'
import {
  deploymentPrefixes,
  deploymentVariation,
  planFamilies,
  slugify,
  type FamilyPlace,
  type FamilyPlan,
  type FamilyCatalog,
  type FamilyRule,
} from './family'

export { slugify }

export interface Vocabularies {
  task: Map<string, VocabularyEntry>
  dataset: Map<string, VocabularyEntry>
  architecture: Map<string, VocabularyEntry>
  language: Map<string, VocabularyEntry>
}

interface PlannedOwner {
  slug: string
  displayName: string
  avatarUrl: string | null
  aboutMd: string
}

interface PlannedTag {
  type: TagType
  slug: string
  name: string
}

export interface PlannedVersion {
  /** position in the variation's TF Hub order, 1..n: the number on a first import */
  order: number
  sourcePath: string
  sourceKind: string
  sourceHandle: string
  sourceVersion: number
  sourceUrl: string
  format: string
  assetPath: string | null
  parentSourceHandle: string | null
  parentResolution: 'exact' | 'latest-version-of-name' | null
  colabUrl: string | null
  demoUrl: string | null
  interactiveVisualizer: string | null
  notes: string
  /** the handle this file had under the one-model-per-handle mapping, kept working as an alias */
  legacy: LegacyHandle
}

interface LegacyHandle {
  owner: string
  model: string
  framework: string
  variation: string
  number: number
}

export interface PlannedVariation {
  framework: string
  slug: string
  overview: string
  usageMd: string
  /** the tags of its newest TF Hub page (a deployment's: its parent's) */
  tags: PlannedTag[]
  fineTunable: boolean | null
  baseVariation: { framework: string; slug: string } | null
  versions: PlannedVersion[]
}

interface PlannedNotebook {
  url: string
  title: string
  variation: { framework: string; slug: string } | null
}

export interface PlannedModel {
  ownerSlug: string
  slug: string
  title: string
  subtitle: string
  cardMd: string
  licenseId: 'apache-2.0' | 'mit' | 'cc0-1.0'
  licenseSource: 'explicit' | 'tfhub-default'
  fineTunable: boolean | null
  /** the main member's base handle (docs/tfhub.md, "Families") */
  sourceHandle: string
  sourceUrl: string
  /** the TF Hub base handles the family holds, and the rule that placed each */
  members: { handle: string; rule: FamilyRule }[]
  tags: PlannedTag[]
  notebooks: PlannedNotebook[]
  variations: PlannedVariation[]
}

interface ExcludedModel {
  sourceHandle: string
  license: string
}

export interface CatalogPlan {
  owners: PlannedOwner[]
  models: PlannedModel[]
  /** models the licence rule keeps out of the catalog */
  excluded: ExcludedModel[]
  /** files that map to nothing, e.g. a deployment whose parent cannot be resolved */
  problems: { path: string; message: string }[]
  /** where each base handle was placed */
  families: FamilyPlan
}

interface Placement {
  baseHandle: string
  legacy: Omit<LegacyHandle, 'number'>
  place: FamilyPlace
  framework: string
  file: ParsedFile
  /** the page whose tags the variation takes: the file itself, or a deployment's parent */
  tagged: ParsedFile
  sortKey: number[]
  version: Omit<PlannedVersion, 'order' | 'notes' | 'legacy'>
  base: PlannedVariation['baseVariation']
}

const syncedLicences: Record<string, PlannedModel['licenseId']> = {
  'apache-2.0': 'apache-2.0',
  mit: 'mit',
  cc0: 'cc0-1.0',
  'cc0-1.0': 'cc0-1.0',
}

const frameworkOfFormat: Record<string, string> = {
  hub: 'tensorFlow1',
  saved_model: 'tensorFlow1',
  saved_model_2: 'tensorFlow2',
}
const frameworkOfDeployment: Record<string, string> = {
  Lite: 'tfLite',
  Tfjs: 'tfJs',
  Coral: 'coral',
}
const urlPrefixOfKind: Record<string, string> = {
  Lite: 'lite-model/',
  Tfjs: 'tfjs-model/',
  Coral: 'coral-model/',
}

function tfhubUrl(file: Pick<ParsedFile, 'kind' | 'publisher' | 'name' | 'version'>) {
  if (file.kind === 'Publisher') return `https://tfhub.dev/${file.publisher}`
  if (file.kind === 'Collection')
    return `https://tfhub.dev/${file.publisher}/collections/${file.name}/${file.version}`
  return `https://tfhub.dev/${file.publisher}/${urlPrefixOfKind[file.kind] ?? ''}${file.name}/${file.version}`
}

// upstream text: a stray '%' must not throw (decodeURIComponent would)
const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

const first = (file: ParsedFile, tag: string) => file.tags[tag]?.[0] ?? null
/** a tag that names a link: kept only when it is an http(s) URL */
const firstLink = (file: ParsedFile, tag: string) => httpUrl(first(file, tag))

export function planCatalog(files: ParsedFile[], vocab: Vocabularies): CatalogPlan {
  const problems: CatalogPlan['problems'] = []
  const publishers = new Map<string, ParsedFile>()
  // base handle '<pub>/<name>' → its Module and Placeholder files, oldest first
  const bases = new Map<string, ParsedFile[]>()
  const baseByHandle = new Map<string, ParsedFile>()
  const deployments: ParsedFile[] = []

  for (const file of files) {
    if (file.kind === 'Publisher') publishers.set(file.publisher, file)
    else if (file.kind === 'Module' || file.kind === 'Placeholder') {
      const key = `${file.publisher}/${file.name}`
      bases.set(key, [...(bases.get(key) ?? []), file])
      baseByHandle.set(file.handle, file)
    } else if (file.kind in frameworkOfDeployment) deployments.push(file)
  }
  for (const list of bases.values()) list.sort((a, b) => a.version! - b.version!)

  // deployment → its resolved parent (docs/tfhub.md, "Deployments and parents")
  const deploymentsByBase = new Map<
    string,
    { file: ParsedFile; parent: ParsedFile; resolution: 'exact' | 'latest-version-of-name' }[]
  >()
  for (const file of deployments) {
    const value = first(file, 'parent-model')
    const resolved = value ? resolveParent(value, baseByHandle, bases) : null
    if (!resolved) {
      problems.push({
        path: file.path,
        message: `parent-model ${JSON.stringify(value)} does not resolve`,
      })
      continue
    }
    const key = `${resolved.parent.publisher}/${resolved.parent.name}`
    deploymentsByBase.set(key, [...(deploymentsByBase.get(key) ?? []), { file, ...resolved }])
  }

  const excluded: ExcludedModel[] = []
  const included = new Map<string, ParsedFile[]>()
  for (const [baseHandle, baseFiles] of bases) {
    const licenseTag = first(baseFiles.at(-1)!, 'license')
    if (licenseTag !== null && !syncedLicences[licenseTag])
      excluded.push({ sourceHandle: baseHandle, license: licenseTag })
    else included.set(baseHandle, baseFiles)
  }

  // every included base handle, and every deployment, placed in its family (family.ts)
  const deploymentNames = new Map<string, Set<string>>()
  for (const file of deployments)
    deploymentNames.set(
      file.kind,
      (deploymentNames.get(file.kind) ?? new Set()).add(`${file.publisher}/${file.name}`),
    )
  const families = planFamilies({
    bases: [...included.keys()],
    deployments: deploymentNames,
    collections: collectionsOf(files, bases, deploymentNames, deploymentsByBase),
  })
  const placements: Placement[] = []
  const familyKeys = new Set([...families.bases.values()].map((p) => `${p.owner}/${p.model}`))
  for (const [baseHandle, baseFiles] of included) {
    const place = families.bases.get(baseHandle)!
    for (const file of baseFiles) {
      if (file.kind !== 'Module') continue
      const format = first(file, 'format') ?? 'saved_model_2'
      const framework = frameworkOfFormat[format] ?? 'tensorFlow2'
      const legacyModel = slugify(file.name!)
      placements.push({
        baseHandle,
        legacy: { owner: file.publisher, model: legacyModel, framework, variation: legacyModel },
        place,
        framework,
        file,
        tagged: file,
        sortKey: [file.version!],
        version: versionSource(file, format, null, null),
        base: null,
      })
    }
    for (const { file, parent, resolution } of deploymentsByBase.get(baseHandle) ?? []) {
      const parentPlace = families.bases.get(baseHandle)!
      const override = families.deployments.get(`${file.kind} ${file.publisher}/${file.name}`)
      const suffix = deploymentSuffix(file.name!, parent.name!, parent.version!)
      const variation = override?.variation ?? deploymentVariation(parentPlace, suffix)
      // a paired deployment goes to its pair's family when that family exists, else its parent's
      const dPlace: FamilyPlace =
        override && familyKeys.has(`${override.owner}/${override.model}`)
          ? override
          : { ...parentPlace, variation }
      placements.push({
        baseHandle,
        legacy: {
          owner: parent.publisher,
          model: slugify(parent.name!),
          framework: frameworkOfDeployment[file.kind]!,
          variation: slugify(suffix) || 'default',
        },
        place: dPlace,
        framework: frameworkOfDeployment[file.kind]!,
        file,
        tagged: parent,
        sortKey: [parent.version!, file.version!],
        version: versionSource(file, file.kind.toLowerCase(), parent.handle, resolution),
        base:
          parent.kind === 'Module'
            ? {
                framework: frameworkOfFormat[first(parent, 'format') ?? ''] ?? 'tensorFlow2',
                slug: parentPlace.variation,
              }
            : null,
      })
    }
  }

  // the numbers the one-model-per-handle mapping gave: 1..n per old variation, TF Hub order
  const legacyNumbers = new Map<Placement, number>()
  const byLegacy = new Map<string, Placement[]>()
  for (const placement of placements) {
    const { owner, model, framework, variation } = placement.legacy
    const key = `${owner}/${model}/${framework}/${variation}`
    byLegacy.set(key, [...(byLegacy.get(key) ?? []), placement])
  }
  for (const list of byLegacy.values())
    list
      .sort((a, b) => compareKeys(a.sortKey, b.sortKey) || a.file.path.localeCompare(b.file.path))
      .forEach((placement, index) => legacyNumbers.set(placement, index + 1))

  const byFamily = new Map<string, { members: string[]; placements: Placement[] }>()
  for (const [baseHandle] of included) {
    const place = families.bases.get(baseHandle)!
    const key = `${place.owner}/${place.model}`
    const family = byFamily.get(key) ?? { members: [], placements: [] }
    family.members.push(baseHandle)
    byFamily.set(key, family)
  }
  for (const placement of placements)
    byFamily.get(`${placement.place.owner}/${placement.place.model}`)!.placements.push(placement)

  // the latest version of each collection, by '<pub>/<name>'
  const collectionFiles = new Map<string, ParsedFile>()
  for (const file of files) {
    if (file.kind !== 'Collection') continue
    const key = `${file.publisher}/${file.name}`
    const seen = collectionFiles.get(key)
    if (!seen || seen.version! < file.version!) collectionFiles.set(key, file)
  }
  /**
   * Where a family's card comes from (docs/tfhub.md, "Families"): the collection whose members
   * form it; else its member named like the family (TF Hub's own page of that model); else, for a
   * family of several handles, a Placeholder member's page with text (TF Hub's page of a model
   * that only its deployments carry); else its main member.
   */
  const familyCard = (key: string, members: string[], main: ParsedFile, namedLikeIt: boolean) => {
    const collection = families.collections.get(key)
    const fromCollection =
      collection && collectionFiles.get(`${collection.publisher}/${collection.name}`)
    if (fromCollection && (fromCollection.body.trim() || fromCollection.description.trim()))
      return fromCollection
    if (namedLikeIt) return main
    const placeholder =
      members.length > 1
        ? members
            .map((m) => included.get(m)!.at(-1)!)
            .find((f) => f.kind === 'Placeholder' && f.body.trim())
        : undefined
    return placeholder ?? main
  }

  // how the catalog's descriptions write each word, for titles whose own card never does
  const catalogSpellings = capitalisedSpellings(
    [...included.values()].map((baseFiles) => baseFiles.at(-1)!.description),
  )
  const models: PlannedModel[] = []
  for (const [key, family] of byFamily) {
    const [ownerSlug, slug] = key.split('/') as [string, string]
    // the main member gives the card: the one named like the family, else the first by handle
    const members = family.members.sort()
    const namedLikeIt = members.find((m) => families.bases.get(m)!.variation === slug)
    const main =
      namedLikeIt ??
      members.find((m) => included.get(m)!.some((f) => f.kind === 'Module')) ??
      members[0]!
    const latest = included.get(main)!.at(-1)!
    const card = familyCard(key, members, latest, namedLikeIt !== undefined)
    const licenseTag = first(latest, 'license')
    const licenseId = licenseTag === null ? 'apache-2.0' : syncedLicences[licenseTag]!
    const fineTunableTag = first(latest, 'fine-tunable')
    const fineTunable = fineTunableTag === null ? null : fineTunableTag === 'true'
    const planned = planVariations(family.placements, fineTunable, legacyNumbers, vocab)
    const baseFiles = members.flatMap((m) => included.get(m)!)
    const memberDeployments = members.flatMap((m) => deploymentsByBase.get(m) ?? [])
    models.push({
      ownerSlug,
      slug,
      title: displayTitle(
        members.length > 1 ? slug : latest.name!,
        [card.description, card.body],
        catalogSpellings,
      ),
      subtitle: card.description,
      cardMd: card.body.trim() ? card.body : card.description,
      licenseId,
      licenseSource: licenseTag === null ? 'tfhub-default' : 'explicit',
      fineTunable,
      sourceHandle: main,
      sourceUrl: `https://tfhub.dev/${main}`,
      members: members.map((m) => ({ handle: m, rule: families.bases.get(m)!.rule })),
      tags: members
        .flatMap((m) => modelTags(included.get(m)!.at(-1)!, vocab))
        .filter((t, i, all) => all.findIndex((o) => o.type === t.type && o.slug === t.slug) === i),
      notebooks: notebooksOf(planned, baseFiles, memberDeployments, slug, catalogSpellings),
      variations: planned,
    })
    if (!planned.length) problems.push({ path: latest.path, message: 'model has no versions' })
  }

  const owners: PlannedOwner[] = []
  const ownerSlugs = new Set(models.map((m) => m.ownerSlug))
  // an owner Kaggle renamed takes its publisher's page; the kaggle organisation has its own
  for (const slug of [...ownerSlugs].sort()) {
    const pageSlug = publishers.has(slug) ? slug : (families.publisherOfOwner.get(slug) ?? slug)
    const page = publishers.get(pageSlug)
    if (!page)
      problems.push({
        path: `assets/docs/${pageSlug}/${pageSlug}.md`,
        message: 'publisher page missing',
      })
    owners.push({
      slug,
      displayName: page?.description ?? slug,
      avatarUrl: httpUrl(page?.iconUrl),
      aboutMd: page?.body ?? '',
    })
  }
  models.sort((a, b) => `${a.ownerSlug}/${a.slug}`.localeCompare(`${b.ownerSlug}/${b.slug}`))
  return { owners, models, excluded, problems, families }
}

/** A family's variations from its files, versions numbered 1..n per variation in TF Hub order. */
function planVariations(
  placements: Placement[],
  fineTunable: boolean | null,
  legacyNumbers: Map<Placement, number>,
  vocab: Vocabularies,
): PlannedVariation[] {
  const variations = new Map<
    string,
    { framework: string; slug: string; items: Placement[]; newest: Placement }
  >()
  for (const placement of placements) {
    const key = `${placement.framework}/${placement.place.variation}`
    const variation = variations.get(key) ?? {
      framework: placement.framework,
      slug: placement.place.variation,
      items: [],
      newest: placement,
    }
    variation.items.push(placement)
    if (compareKeys(placement.sortKey, variation.newest.sortKey) >= 0) variation.newest = placement
    variations.set(key, variation)
  }
  const planned: PlannedVariation[] = []
  for (const variation of [...variations.values()].sort((a, b) =>
    (a.framework + a.slug).localeCompare(b.framework + b.slug),
  )) {
    variation.items.sort(
      (a, b) => compareKeys(a.sortKey, b.sortKey) || a.file.path.localeCompare(b.file.path),
    )
    const notes = changelogNotes(variation.newest.file.body)
    planned.push({
      framework: variation.framework,
      slug: variation.slug,
      overview: variation.newest.file.description,
      usageMd: variation.newest.file.body,
      tags: modelTags(variation.newest.tagged, vocab),
      fineTunable,
      baseVariation: variation.newest.base,
      versions: variation.items.map((item, index) => ({
        ...item.version,
        order: index + 1,
        notes: notes.get(item.file.version!) ?? '',
        legacy: { ...item.legacy, number: legacyNumbers.get(item)! },
      })),
    })
  }
  return planned
}

/**
 * TF Hub collections with their members' base handles, in order of first link: a deployment link
 * stands for its parent's base handle, a base link drops its version.
 */
function collectionsOf(
  files: ParsedFile[],
  bases: Map<string, ParsedFile[]>,
  deploymentNames: Map<string, Set<string>>,
  deploymentsByBase: Map<string, { file: ParsedFile }[]>,
) {
  const parentOf = new Map<string, string>()
  for (const [base, list] of deploymentsByBase)
    for (const { file } of list) parentOf.set(`${file.kind} ${file.publisher}/${file.name}`, base)
  const link = /https?:\/\/tfhub\.dev\/([a-z0-9-]+)\/((?:lite|tfjs|coral)-model\/)?([\w./-]+)/g
  const collections: FamilyCatalog['collections'] = []
  for (const file of files) {
    if (file.kind !== 'Collection') continue
    const members: string[] = []
    for (const match of file.body.matchAll(link)) {
      const [, publisher, prefix, rawName] = match as unknown as [
        string,
        string,
        string | undefined,
        string,
      ]
      const name = rawName.replace(/\/+$/, '')
      if (name.startsWith('collections/')) continue
      const kind = prefix ? deploymentPrefixes[prefix.slice(0, -1)]! : null
      const candidates = [name, name.replace(/\/\d+$/, '')]
      for (const candidate of candidates) {
        const handle = `${publisher}/${candidate}`
        const base = kind
          ? deploymentNames.get(kind)?.has(handle)
            ? parentOf.get(`${kind} ${handle}`)
            : undefined
          : bases.has(handle)
            ? handle
            : undefined
        if (base) {
          members.push(base)
          break
        }
      }
    }
    collections.push({ publisher: file.publisher, name: file.name!, members })
  }
  return collections
}

function resolveParent(
  value: string,
  baseByHandle: Map<string, ParsedFile>,
  bases: Map<string, ParsedFile[]>,
): { parent: ParsedFile; resolution: 'exact' | 'latest-version-of-name' } | null {
  const exact = baseByHandle.get(value)
  if (exact) return { parent: exact, resolution: 'exact' }
  const versioned = value.match(/^(.*)\/\d+$/)
  const name = versioned && bases.has(versioned[1]!) ? versioned[1]! : value
  const latest = bases.get(name)?.at(-1)
  return latest ? { parent: latest, resolution: 'latest-version-of-name' } : null
}

/** What a deployment's name adds to its parent's (docs/tfhub.md, "Variations"): '3/default' → 'default'. */
export function deploymentSuffix(name: string, parentName: string, parentVersion: number) {
  const own = name.split('/')
  const parent = parentName.split('/')
  let common = 0
  while (common < own.length && common < parent.length && own[common] === parent[common]) common++
  const rest = own.slice(common)
  if (rest[0] === String(parentVersion)) rest.shift()
  return rest.join('/')
}

function versionSource(
  file: ParsedFile,
  format: string,
  parentSourceHandle: string | null,
  parentResolution: PlannedVersion['parentResolution'],
): Omit<PlannedVersion, 'order' | 'notes' | 'legacy'> {
  return {
    sourcePath: file.path,
    sourceKind: file.kind,
    sourceHandle: file.handle,
    sourceVersion: file.version!,
    sourceUrl: tfhubUrl(file),
    format,
    assetPath: first(file, 'asset-path'),
    parentSourceHandle,
    parentResolution,
    colabUrl: firstLink(file, 'colab'),
    demoUrl: firstLink(file, 'demo'),
    interactiveVisualizer: first(file, 'interactive-visualizer'),
  }
}

function compareKeys(a: number[], b: number[]) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d) return d
  }
  return 0
}

function modelTags(file: ParsedFile, vocab: Vocabularies): PlannedTag[] {
  const tags: PlannedTag[] = []
  const seen = new Set<string>()
  const add = (type: PlannedTag['type'], slug: string, name: string) => {
    if (seen.has(`${type}/${slug}`)) return
    seen.add(`${type}/${slug}`)
    tags.push({ type, slug, name })
  }
  for (const id of file.tags.task ?? []) {
    const entry = vocab.task.get(id)
    add('task', id, entry?.name ?? id)
    const domains = entry?.domains.length ? entry.domains : [id.split('-')[0]!]
    for (const domain of domains)
      add('data_type', domain, domain[0]!.toUpperCase() + domain.slice(1))
  }
  const lists: [string, PlannedTag['type'], Map<string, VocabularyEntry>][] = [
    ['dataset', 'dataset', vocab.dataset],
    ['network-architecture', 'architecture', vocab.architecture],
    ['language', 'language', vocab.language],
  ]
  for (const [key, type, entries] of lists) {
    for (const id of file.tags[key] ?? []) add(type, id, entries.get(id)?.name ?? id)
  }
  return tags
}

function notebooksOf(
  variations: PlannedVariation[],
  baseFiles: ParsedFile[],
  deployments: { file: ParsedFile }[],
  modelSlug: string,
  spellings: Spellings,
): PlannedNotebook[] {
  const notebooks = new Map<string, PlannedNotebook>()
  const variationOf = (path: string) => {
    const v = variations.find((candidate) =>
      candidate.versions.some((version) => version.sourcePath === path),
    )
    return v ? { framework: v.framework, slug: v.slug } : null
  }
  // a base file's notebook (newest first) describes the model better than a deployment's
  const byNewest = [...baseFiles].reverse().concat(deployments.map((d) => d.file))
  for (const file of byNewest) {
    const url = firstLink(file, 'colab')
    if (!url || notebooks.has(url)) continue
    const name = safeDecode(url.split('/').pop() ?? '').replace(/\.ipynb$/, '')
    notebooks.set(url, {
      url,
      title: name.replace(/[_-]+/g, ' ').trim() ? displayTitle(name, [], spellings) : modelSlug,
      variation: variationOf(file.path),
    })
  }
  return [...notebooks.values()]
}

/** 'Version N' entries of a card's changelog, by N (docs/tfhub.md, "Version notes": prose, informational). */
function changelogNotes(body: string): Map<number, string> {
  const notes = new Map<number, string>()
  let current: { version: number; level: number; lines: string[] } | null = null
  const close = () => {
    if (current) {
      const text = current.lines.join('\n').trim()
      if (text && !notes.has(current.version)) notes.set(current.version, text)
    }
    current = null
  }
  for (const line of body.split('\n')) {
    const heading = line.match(/^(#{1,6})\s+(.*)$/)
    if (heading) {
      const level = heading[1]!.length
      const version = heading[2]!.match(/^Version\s+(\d+)\b/i)
      if (current && level <= current.level) close()
      if (version && level >= 2) {
        close()
        current = { version: Number(version[1]), level, lines: [] }
      }
      continue
    }
    current?.lines.push(line)
  }
  close()
  return notes
}
