// Which Kaggle handle a TF Hub handle became in a catalog plan: the acceptance check of the
// family mapping against the public pairs (docs/tfhub.md, "Families"), and the figures it reports.
import { readHandle, type HandleRef, type KaggleHandle } from './family'
import type { CatalogPlan } from './map'

const kindOfFramework: Record<string, HandleRef['kind']> = {
  tfLite: 'Lite',
  tfJs: 'Tfjs',
  coral: 'Coral',
}

interface Placed extends KaggleHandle {
  version: number
  sourceVersion: number
  parentBase: string | null
}

/** Indexes a plan's versions by (kind, TF Hub name). */
export function kaggleHandleIndex(plan: CatalogPlan) {
  const byName = new Map<string, Placed[]>()
  const byParent = new Map<string, Placed[]>()
  for (const model of plan.models)
    for (const variation of model.variations)
      for (const version of variation.versions) {
        const kind = version.sourceKind === 'Module' ? 'Base' : version.sourceKind
        const name = version.sourceHandle.replace(/\/\d+$/, '')
        const placed: Placed = {
          owner: model.ownerSlug,
          model: model.slug,
          framework: variation.framework,
          variation: variation.slug,
          version: version.order,
          sourceVersion: version.sourceVersion,
          parentBase: version.parentSourceHandle?.replace(/\/\d+$/, '') ?? null,
        }
        byName.set(`${kind} ${name}`, [...(byName.get(`${kind} ${name}`) ?? []), placed])
        if (placed.parentBase)
          byParent.set(placed.parentBase, [...(byParent.get(placed.parentBase) ?? []), placed])
      }
  return { byName, byParent }
}

/**
 * The Kaggle handles a TF Hub handle resolves to: its version, or without one its latest; a base
 * name paired with a Lite/TF.js framework (as openvino's lists name TFLite models) stands for the
 * latest version of each of its deployments in that framework.
 */
export function kaggleHandlesOf(
  index: ReturnType<typeof kaggleHandleIndex>,
  tfhubHandle: string,
  framework: string,
): KaggleHandle[] {
  const ref = readHandle(tfhubHandle, (r) => index.byName.has(`${r.kind} ${r.key}`))
  if (!ref) return []
  const deploymentKind = kindOfFramework[framework]
  if (ref.kind === 'Base' && deploymentKind)
    return latestPerVariation(
      (index.byParent.get(ref.key) ?? []).filter((p) => p.framework === framework),
    )
  const entries = index.byName.get(`${ref.kind} ${ref.key}`)!
  if (ref.version !== null) return entries.filter((p) => p.sourceVersion === ref.version).map(strip)
  const newest = Math.max(...entries.map((p) => p.sourceVersion))
  return latestPerVariation(entries.filter((p) => p.sourceVersion === newest))
}

function latestPerVariation(placed: Placed[]) {
  const best = new Map<string, Placed>()
  for (const p of placed) {
    const key = `${p.framework}/${p.variation}`
    if ((best.get(key)?.version ?? 0) < p.version) best.set(key, p)
  }
  return [...best.values()].map(strip)
}

const strip = (p: Placed): KaggleHandle => ({
  owner: p.owner,
  model: p.model,
  framework: p.framework,
  variation: p.variation,
  version: p.version,
})

export const formatKaggleHandle = (h: KaggleHandle) =>
  `${h.owner}/${h.model}/${h.framework}/${h.variation}${h.version === null ? '' : `/${h.version}`}`

/** Whether a resolved handle is the pair's: equal, the version compared where the pair has one. */
export const sameKaggleHandle = (resolved: KaggleHandle, pair: KaggleHandle) =>
  resolved.owner === pair.owner &&
  resolved.model === pair.model &&
  resolved.framework === pair.framework &&
  resolved.variation === pair.variation &&
  (pair.version === null || resolved.version === pair.version)
