// Maps parsed tfhub.dev files onto Modelport's catalog with the default mapping of docs/tfhub.md, "Mapping":
// one model per base handle, deployments as variations of their parent's model, versions
// numbered per variation, and the licence rule (docs/tfhub.md, "Licences"). Pure: files in, desired catalog out.
import type { TagType } from '../vocabulary'
import type { ParsedFile, VocabularyEntry } from './parse'
import { httpUrl } from '../lib/http-url'

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
}

export interface PlannedVariation {
  framework: string
  slug: string
  overview: string
  usageMd: string
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
  sourceHandle: string
  sourceUrl: string
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

export function slugify(name: string) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
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

  const models: PlannedModel[] = []
  const excluded: ExcludedModel[] = []
  for (const [baseHandle, baseFiles] of bases) {
    const latest = baseFiles.at(-1)!
    const licenseTag = first(latest, 'license')
    const licenseId = licenseTag === null ? 'apache-2.0' : syncedLicences[licenseTag]
    if (!licenseId) {
      excluded.push({ sourceHandle: baseHandle, license: licenseTag! })
      continue
    }
    const slug = slugify(latest.name!)
    const fineTunableTag = first(latest, 'fine-tunable')
    const fineTunable = fineTunableTag === null ? null : fineTunableTag === 'true'

    const variations = new Map<
      string,
      PlannedVariation & {
        newest: ParsedFile
        sortKeys: Map<string, number[]>
        files: ParsedFile[]
      }
    >()
    const addToVariation = (
      framework: string,
      variationSlug: string,
      file: ParsedFile,
      sortKey: number[],
      version: Omit<PlannedVersion, 'order' | 'notes'>,
      base: PlannedVariation['baseVariation'],
    ) => {
      const key = `${framework}/${variationSlug}`
      let variation = variations.get(key)
      if (!variation) {
        variation = {
          framework,
          slug: variationSlug,
          overview: '',
          usageMd: '',
          fineTunable,
          baseVariation: null,
          versions: [],
          newest: file,
          sortKeys: new Map(),
          files: [],
        }
        variations.set(key, variation)
      }
      variation.versions.push({ ...version, order: 0, notes: '' })
      variation.sortKeys.set(file.path, sortKey)
      variation.files.push(file)
      if (compareKeys(sortKey, variation.sortKeys.get(variation.newest.path)!) >= 0) {
        variation.newest = file
        variation.baseVariation = base
      }
    }

    for (const file of baseFiles) {
      if (file.kind !== 'Module') continue
      const format = first(file, 'format') ?? 'saved_model_2'
      const framework = frameworkOfFormat[format] ?? 'tensorFlow2'
      addToVariation(
        framework,
        slug,
        file,
        [file.version!],
        versionSource(file, format, null, null),
        null,
      )
    }
    for (const { file, parent, resolution } of deploymentsByBase.get(baseHandle) ?? []) {
      const framework = frameworkOfDeployment[file.kind]!
      const suffix = deploymentSuffix(file.name!, parent.name!, parent.version!)
      const variationSlug = slugify(suffix) || 'default'
      const base =
        parent.kind === 'Module'
          ? { framework: frameworkOfFormat[first(parent, 'format') ?? ''] ?? 'tensorFlow2', slug }
          : null
      addToVariation(
        framework,
        variationSlug,
        file,
        [parent.version!, file.version!],
        versionSource(file, file.kind.toLowerCase(), parent.handle, resolution),
        base,
      )
    }

    const planned: PlannedVariation[] = []
    for (const variation of [...variations.values()].sort((a, b) =>
      (a.framework + a.slug).localeCompare(b.framework + b.slug),
    )) {
      const byPath = new Map(variation.files.map((f) => [f.path, f]))
      variation.versions.sort((a, b) =>
        compareKeys(variation.sortKeys.get(a.sourcePath)!, variation.sortKeys.get(b.sourcePath)!),
      )
      const notes = changelogNotes(variation.newest.body)
      variation.versions.forEach((v, index) => {
        v.order = index + 1
        v.notes = notes.get(byPath.get(v.sourcePath)!.version!) ?? ''
      })
      planned.push({
        framework: variation.framework,
        slug: variation.slug,
        overview: variation.newest.description,
        usageMd: variation.newest.body,
        fineTunable: variation.fineTunable,
        baseVariation: variation.baseVariation,
        versions: variation.versions,
      })
    }

    models.push({
      ownerSlug: latest.publisher,
      slug,
      title: latest.name!,
      subtitle: latest.description,
      cardMd: latest.body.trim() ? latest.body : latest.description,
      licenseId,
      licenseSource: licenseTag === null ? 'tfhub-default' : 'explicit',
      fineTunable,
      sourceHandle: baseHandle,
      sourceUrl: `https://tfhub.dev/${baseHandle}`,
      tags: modelTags(latest, vocab),
      notebooks: notebooksOf(planned, baseFiles, deploymentsByBase.get(baseHandle) ?? [], slug),
      variations: planned,
    })
    if (!planned.length) problems.push({ path: latest.path, message: 'model has no versions' })
  }

  const owners: PlannedOwner[] = []
  const ownerSlugs = new Set(models.map((m) => m.ownerSlug))
  for (const slug of [...ownerSlugs].sort()) {
    const page = publishers.get(slug)
    if (!page)
      problems.push({ path: `assets/docs/${slug}/${slug}.md`, message: 'publisher page missing' })
    owners.push({
      slug,
      displayName: page?.description ?? slug,
      avatarUrl: httpUrl(page?.iconUrl),
      aboutMd: page?.body ?? '',
    })
  }
  models.sort((a, b) => a.sourceHandle.localeCompare(b.sourceHandle))
  return { owners, models, excluded, problems }
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
): Omit<PlannedVersion, 'order' | 'notes'> {
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
      title: name.replace(/[_-]+/g, ' ').trim() || modelSlug,
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
