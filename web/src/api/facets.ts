import type { ListModelsResponse } from '../../../worker/api-types'
import { facetGroupLabels, frameworkLabel } from '../../../worker/vocabulary'
import { filterKeys, type FilterKey } from '../lib/list-state'

export interface FacetOption {
  value: string
  label: string
  count: number
}

export interface FacetGroup {
  key: FilterKey
  label: string
  options: FacetOption[]
}

/** A list answer; `facets` holds the filters' counts when asked for (`facets=<groups>`). */
export type ListModelsPage = ListModelsResponse

/**
 * The sidebar's groups from a list answer, in a fixed order, options by count. Groups the answer
 * lacks are left out; options the URL selects stay listed (with a zero count) so they can be
 * unticked even when the other filters leave nothing for them.
 */
export function facetGroups(
  page: ListModelsPage | undefined,
  selected: Record<FilterKey, string[]>,
): FacetGroup[] {
  const facets = page?.facets
  if (!facets) return []
  const groups: FacetGroup[] = []
  for (const key of filterKeys) {
    const raw = facets[key]
    if (!Array.isArray(raw) || (raw.length === 0 && selected[key].length === 0)) continue
    const options: FacetOption[] = raw.map((o) => ({ ...o }))
    for (const value of selected[key]) {
      if (!options.some((o) => o.value === value)) {
        options.push({
          value,
          label: key === 'framework' ? frameworkLabel(value) : value,
          count: 0,
        })
      }
    }
    options.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    groups.push({ key, label: facetGroupLabels[key], options })
  }
  return groups
}
