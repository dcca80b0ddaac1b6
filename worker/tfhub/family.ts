// Places TF Hub handles into Kaggle-shaped families (docs/tfhub.md, "Families"): which owner and
// model a base handle belongs to, and the variation it becomes. Pure and deterministic: the same
// catalog always gives the same places, so a sync never moves what an earlier one placed unless
// the catalog itself changed. Rules, first match wins:
//   1. override: the public TF Hub → Kaggle pairs (db/seed/tfhub-kaggle/families.json);
//   2. collection: a TF Hub collection whose members form one family names it;
//   3. prefix: the longest known family prefix of the handle's slugified name;
//   4. first-segment: handles sharing a distinctive first name segment (posenet/…) form a family;
//   5. own: the handle is its own family.
import familyTable from '../../db/seed/tfhub-kaggle/families.json'

export type FamilyRule = 'override' | 'collection' | 'prefix' | 'first-segment' | 'own'

export interface FamilyPlace {
  owner: string
  model: string
  variation: string
  rule: FamilyRule
}

export interface KaggleHandle {
  owner: string
  model: string
  framework: string
  variation: string
  version: number | null
}

export interface FamilyPair {
  tfhub: string
  kaggle: KaggleHandle
  source: string
}

export const deploymentPrefixes: Record<string, string> = {
  'lite-model': 'Lite',
  'tfjs-model': 'Tfjs',
  'coral-model': 'Coral',
}

const deploymentFrameworks = new Set(['tfLite', 'tfJs', 'coral'])

export function slugify(name: string) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

function parseKaggleHandle(handle: string): KaggleHandle {
  const [owner, model, framework, variation, version] = handle.split('/')
  if (!owner || !model || !framework || !variation)
    throw new Error(`not a Kaggle handle: ${handle}`)
  return { owner, model, framework, variation, version: version ? Number(version) : null }
}

/** The public pairs the override table is made of, in file order. */
export const familyPairs: FamilyPair[] = familyTable.pairs.map(([tfhub, kaggle, source]) => ({
  tfhub: tfhub!,
  kaggle: parseKaggleHandle(kaggle!),
  source: source!,
}))

/** A TF Hub handle as written in a pair or a link, read against the catalog's names. */
export interface HandleRef {
  /** 'Base' for Module and Placeholder names, else the deployment kind */
  kind: 'Base' | 'Lite' | 'Tfjs' | 'Coral'
  /** '<pub>/<name>', without version */
  key: string
  version: number | null
}

/**
 * Reads `<pub>/[(lite|tfjs|coral)-model/]<name>[/<v>]`. Names may end in digits, so a trailing
 * number is a version only when the catalog knows the name without it.
 */
export function readHandle(handle: string, known: (ref: HandleRef) => boolean): HandleRef | null {
  const parts = handle.replace(/^https?:\/\/tfhub\.dev\//, '').split('/')
  const publisher = parts.shift()
  if (!publisher || !parts.length) return null
  const kind = (deploymentPrefixes[parts[0]!] as HandleRef['kind'] | undefined) ?? 'Base'
  if (kind !== 'Base') parts.shift()
  const last = parts.at(-1)!
  if (/^\d+$/.test(last) && parts.length > 1) {
    const ref = { kind, key: `${publisher}/${parts.slice(0, -1).join('/')}`, version: Number(last) }
    if (known(ref)) return ref
  }
  const ref = { kind, key: `${publisher}/${parts.join('/')}`, version: null }
  return known(ref) ? ref : null
}

export interface FamilyCatalog {
  /** base handles '<pub>/<name>' that are imported */
  bases: string[]
  /** deployment names by kind: 'Lite' → '<pub>/<name>' set */
  deployments: Map<string, Set<string>>
  /** TF Hub collections, each with its member base handles in order of appearance */
  collections: { publisher: string; name: string; members: string[] }[]
}

export interface FamilyPlan {
  /** base handle → its place */
  bases: Map<string, FamilyPlace>
  /** 'Kind <pub>/<name>' of a deployment → its place, where the override table names one */
  deployments: Map<string, FamilyPlace>
  /** TF Hub publisher → the owner Kaggle gave all its models, where the pairs agree */
  owners: Map<string, string>
  /** owner → the TF Hub publisher whose models the pairs gave it (its page describes the owner) */
  publisherOfOwner: Map<string, string>
  /** 'owner/model' → the TF Hub collection whose members form that family (its card is the family's) */
  collections: Map<string, { publisher: string; name: string }>
}

/** Places every base handle of the catalog (rules above). */
export function planFamilies(catalog: FamilyCatalog, pairs = familyPairs): FamilyPlan {
  const baseSet = new Set(catalog.bases)
  const known = (ref: HandleRef) =>
    ref.kind === 'Base' ? baseSet.has(ref.key) : !!catalog.deployments.get(ref.kind)?.has(ref.key)

  // 1. the override table
  const bases = new Map<string, FamilyPlace>()
  const deployments = new Map<string, FamilyPlace>()
  const ownersSeen = new Map<string, Set<string>>()
  const deploymentOnly: [string, FamilyPair][] = []
  // what the pairs say about base names, whether or not the catalog holds them today: prefixes,
  // owners and generic segments come from the table alone, so a handle that vanishes or stops
  // qualifying upstream moves no other handle (docs/tfhub.md, "Families")
  const evidence: [string, FamilyPlace][] = []
  for (const pair of pairs) {
    const place: FamilyPlace = {
      owner: pair.kaggle.owner,
      model: pair.kaggle.model,
      variation: pair.kaggle.variation,
      rule: 'override',
    }
    const publisher = pair.tfhub.split('/')[0]!
    ownersSeen.set(publisher, (ownersSeen.get(publisher) ?? new Set()).add(place.owner))
    const ref = readHandle(pair.tfhub, known) ?? readHandle(pair.tfhub, guessVersion)
    if (ref?.kind === 'Base' && !deploymentFrameworks.has(pair.kaggle.framework))
      evidence.push([ref.key, place])
    if (!ref || !known(ref)) continue
    // a base handle paired with a Lite/TF.js handle names the family of its deployments only
    if (ref.kind === 'Base' && deploymentFrameworks.has(pair.kaggle.framework)) {
      deploymentOnly.push([ref.key, pair])
      continue
    }
    const target = ref.kind === 'Base' ? bases : deployments
    const key = ref.kind === 'Base' ? ref.key : `${ref.kind} ${ref.key}`
    if (!target.has(key)) target.set(key, place)
  }
  for (const [key, pair] of deploymentOnly) {
    if (bases.has(key)) continue
    const [, slug] = splitHandle(key)
    const { owner, model } = pair.kaggle
    bases.set(key, { owner, model, variation: variationWithin(slug, model, []), rule: 'override' })
  }
  const owners = new Map<string, string>()
  for (const [publisher, seen] of ownersSeen) {
    const [only] = seen
    if (seen.size === 1 && only !== publisher) owners.set(publisher, only!)
  }
  const publisherOfOwner = new Map<string, string>()
  for (const [publisher, seen] of [...ownersSeen].sort(([a], [b]) => a.localeCompare(b)))
    for (const owner of seen)
      if (owner !== publisher && !publisherOfOwner.has(owner))
        publisherOfOwner.set(owner, publisher)
  const ownerOf = (publisher: string) => owners.get(publisher) ?? publisher

  // known family prefixes per publisher: '<pub> <slugified name prefix>' → family
  const prefixes = new Map<string, { owner: string; model: string }>()
  const addPrefix = (
    publisher: string,
    prefix: string,
    family: { owner: string; model: string },
  ) => {
    if (prefix && !prefixes.has(`${publisher} ${prefix}`))
      prefixes.set(`${publisher} ${prefix}`, family)
  }
  for (const [handle, place] of [...evidence].sort(([a], [b]) => a.localeCompare(b))) {
    const [publisher, slug] = splitHandle(handle)
    const family = { owner: place.owner, model: place.model }
    if (slug.endsWith(`-${place.variation}`))
      addPrefix(publisher, slug.slice(0, -place.variation.length - 1), family)
    else if (slug === place.variation || slug === place.model) addPrefix(publisher, slug, family)
    addPrefix(publisher, place.model, family)
  }

  // 2. collections whose members form one family
  const named: FamilyPlan['collections'] = new Map()
  for (const collection of [...catalog.collections].sort((a, b) =>
    `${a.publisher}/${a.name}`.localeCompare(`${b.publisher}/${b.name}`),
  )) {
    const members = [...new Set(collection.members)].filter((m) => baseSet.has(m))
    if (members.length < 2) continue
    const placed = members.filter((m) => bases.get(m)?.rule === 'override')
    let family: { owner: string; model: string } | null = null
    if (placed.length) {
      const families = new Set(placed.map((m) => `${bases.get(m)!.owner}/${bases.get(m)!.model}`))
      if (families.size === 1 && placed.length * 2 >= members.length) {
        const first = bases.get(placed[0]!)!
        family = { owner: first.owner, model: first.model }
      }
    } else {
      const slug = slugify(collection.name.split('/').at(-1)!)
      const allShare = members.every((m) => {
        const [publisher, name] = splitHandle(m)
        return publisher === collection.publisher && boundedIndex(name, slug) >= 0
      })
      if (slug && allShare) family = { owner: ownerOf(collection.publisher), model: slug }
    }
    if (!family) continue
    const familyKey = `${family.owner}/${family.model}`
    if (!named.has(familyKey))
      named.set(familyKey, { publisher: collection.publisher, name: collection.name })
    for (const member of members) {
      if (bases.has(member)) continue
      const [publisher, slug] = splitHandle(member)
      // a member whose name carries another family's known prefix is that family's (rule 3)
      const byPrefix = longestPrefix(prefixes, publisher, slug)
      if (
        byPrefix &&
        (byPrefix.family.owner !== family.owner || byPrefix.family.model !== family.model)
      )
        continue
      bases.set(member, {
        ...family,
        variation: variationWithin(slug, family.model, prefixOf(prefixes, publisher, family)),
        rule: 'collection',
      })
    }
    addPrefix(collection.publisher, family.model, family)
  }

  // 3. the longest known family prefix
  for (const handle of [...baseSet].sort()) {
    if (bases.has(handle)) continue
    const [publisher, slug] = splitHandle(handle)
    const found = longestPrefix(prefixes, publisher, slug)
    if (!found) continue
    const { prefix, family } = found
    bases.set(handle, {
      ...family,
      variation: slug === prefix ? family.model : slug.slice(prefix.length + 1),
      rule: 'prefix',
    })
  }

  // 4. a distinctive first name segment shared by several handles (posenet/mobilenet/float/075)
  const generic = genericSegments(evidence)
  const groups = new Map<string, string[]>()
  for (const handle of [...baseSet].sort()) {
    if (bases.has(handle)) continue
    const [publisher, ...segments] = handle.split('/')
    if (segments.length < 2 || generic.has(`${publisher}/${segments[0]}`)) continue
    const key = `${publisher}/${segments[0]}`
    groups.set(key, [...(groups.get(key) ?? []), handle])
  }
  for (const [key, handles] of groups) {
    if (handles.length < 2) continue
    const [publisher, segment] = key.split('/') as [string, string]
    const model = slugify(segment)
    if (!model) continue
    for (const handle of handles) {
      const rest = slugify(handle.split('/').slice(2).join('/'))
      bases.set(handle, {
        owner: ownerOf(publisher),
        model,
        variation: rest || model,
        rule: 'first-segment',
      })
    }
  }

  // 5. its own family
  for (const handle of baseSet) {
    if (bases.has(handle)) continue
    const [publisher, slug] = splitHandle(handle)
    bases.set(handle, { owner: ownerOf(publisher), model: slug, variation: slug, rule: 'own' })
  }
  return { bases, deployments, owners, publisherOfOwner, collections: named }
}

/**
 * A deployment's variation (Lite, TF.js, Coral) in its parent's family, named from its own name:
 * what the deployment's name adds to its parent's after the parent's variation, `default` dropped;
 * when the parent's variation only repeats the model's slug, the addition alone (`default` if that
 * is all there is).
 */
export function deploymentVariation(parent: FamilyPlace, suffix: string) {
  const segments = suffix.split('/').filter(Boolean)
  const kept = segments.filter((s) => s !== 'default')
  if (parent.variation !== parent.model)
    return [parent.variation, slugify(kept.join('/'))].filter(Boolean).join('-')
  return slugify((kept.length ? kept : segments).join('/')) || parent.model
}

function longestPrefix(
  prefixes: Map<string, { owner: string; model: string }>,
  publisher: string,
  slug: string,
) {
  const parts = slug.split('-')
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join('-')
    const family = prefixes.get(`${publisher} ${prefix}`)
    if (family) return { prefix, family }
  }
  return null
}

function splitHandle(handle: string): [string, string] {
  const slash = handle.indexOf('/')
  return [handle.slice(0, slash), slugify(handle.slice(slash + 1))]
}

/** Where `part` stands in `slug` between '-' boundaries, or -1. */
function boundedIndex(slug: string, part: string) {
  if (!part) return -1
  const padded = `-${slug}-`
  const at = padded.indexOf(`-${part}-`)
  return at
}

function prefixOf(
  prefixes: Map<string, { owner: string; model: string }>,
  publisher: string,
  family: { owner: string; model: string },
) {
  const found: string[] = []
  for (const [key, value] of prefixes) {
    const [pub, prefix] = key.split(' ') as [string, string]
    if (pub === publisher && value.owner === family.owner && value.model === family.model)
      found.push(prefix)
  }
  return found.sort((a, b) => b.length - a.length)
}

/** The rest of a member's name once its family's part is taken out. */
function variationWithin(slug: string, model: string, knownPrefixes: string[]) {
  for (const prefix of knownPrefixes) {
    if (slug === prefix) return model
    if (slug.startsWith(`${prefix}-`)) return slug.slice(prefix.length + 1)
  }
  const at = boundedIndex(slug, model)
  if (at < 0) return slug
  const rest = `${slug.slice(0, at)}-${slug.slice(at + model.length)}`.replace(/^-+|-+$/g, '')
  return rest.replace(/--+/g, '-') || model
}

/** First name segments the pairs spread over several families (imagenet/…): never a family. */
function genericSegments(evidence: [string, FamilyPlace][]) {
  const families = new Map<string, Set<string>>()
  for (const [handle, place] of evidence) {
    const [publisher, segment] = handle.split('/')
    const key = `${publisher}/${segment}`
    families.set(key, (families.get(key) ?? new Set()).add(`${place.owner}/${place.model}`))
  }
  return new Set([...families].filter(([, set]) => set.size > 1).map(([key]) => key))
}

/** Without the catalog: a trailing number after a name of two or more segments is a version. */
const guessVersion = (ref: HandleRef) => ref.version !== null || !/\/\d+$/.test(ref.key)
