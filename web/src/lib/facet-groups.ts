import type { ListModelsResponse } from '../../../worker/api-types'
import { facetGroupLabels, frameworkLabel } from '../../../worker/vocabulary'
import { filterKeys, type FilterKey } from './list-state'

// The filter sidebar's groups, built from a list answer's facet counts and the URL's selection.

interface SidebarOption {
  value: string
  label: string
  count: number
}

export interface SidebarGroup {
  key: FilterKey
  label: string
  options: SidebarOption[]
}

/**
 * The sidebar's groups from a list answer, in a fixed order, options by count. Groups the answer
 * lacks are left out; options the URL selects stay listed (with a zero count) so they can be
 * unticked even when the other filters leave nothing for them.
 */
export function sidebarGroups(
  page: ListModelsResponse | undefined,
  selected: Record<FilterKey, string[]>,
): SidebarGroup[] {
  const facets = page?.facets
  if (!facets) return []
  const groups: SidebarGroup[] = []
  for (const key of filterKeys) {
    const raw = facets[key]
    if (!Array.isArray(raw) || (raw.length === 0 && selected[key].length === 0)) continue
    const options: SidebarOption[] = raw.map((o) => ({ ...o }))
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
