// The query parameters of the model catalog's endpoints (routes/models.ts). Names are matched leniently by legacyQuery (validate.ts); a bad value is a 400
// naming its parameter.
import { z } from 'zod'
import { maxPageTokenLength } from '../lib/page-token'
import {
  facetGroups,
  licenceRights,
  parseFramework,
  provenances,
  sizeBuckets,
  type FacetGroup,
  type SearchSort,
} from '../vocabulary'

// Kaggle's sortBy spellings: camelCase, lower snake (CLI 1.7) and LIST_MODELS_ORDER_BY_* (RPC)
const sortNames: Record<string, ListSort> = {
  '': 'default',
  unspecified: 'default',
  hotness: 'hotness',
  downloadcount: 'downloadCount',
  votecount: 'voteCount',
  notebookcount: 'notebookCount',
  publishtime: 'publishTime',
  createtime: 'createTime',
  updatetime: 'updateTime',
  relevance: 'relevance',
}
type ListSort = 'default' | SearchSort

const rightNames = licenceRights.map((r) => r.value)
const sizeUnits: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
}

const pageToken = () =>
  z.string().max(maxPageTokenLength, `must be at most ${maxPageTokenLength} characters`).default('')

// a comma-separated list (repeated parameters arrive joined by commas)
const list = (each?: (value: string, ctx: z.RefinementCtx) => string | undefined) =>
  z
    .string()
    .max(2000)
    .default('')
    .transform((raw, ctx) => {
      const values = raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
        .slice(0, 50)
      return each
        ? values.map((v) => each(v, ctx)).filter((v): v is string => v !== undefined)
        : values
    })
const oneOf = (allowed: readonly string[]) => (value: string, ctx: z.RefinementCtx) => {
  const v = value.toLowerCase()
  if (allowed.includes(v)) return v
  ctx.addIssue({
    code: 'custom',
    message: `unknown value '${value}'; use one of ${allowed.join(', ')}`,
  })
  return undefined
}

export const listModelsQuery = z.object({
  search: z.string().max(500, 'must be at most 500 characters').default(''),
  sortBy: z
    .string()
    .max(64, 'must be at most 64 characters')
    .default('')
    .transform((value, ctx) => {
      const sort =
        sortNames[
          value
            .toLowerCase()
            .replace(/^list_models_order_by_/, '')
            .replace(/_/g, '')
        ]
      if (!sort) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown sort order; use one of ${Object.keys(sortNames).filter(Boolean).join(', ')}`,
        })
        return z.NEVER
      }
      return sort
    }),
  pageSize: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(20),
  pageToken: pageToken(),
  owner: list((v) => v.toLowerCase()),
  framework: list((value, ctx) => {
    const slug = parseFramework(value)
    if (!slug) ctx.addIssue({ code: 'custom', message: `unknown framework '${value}'` })
    return slug ?? undefined
  }),
  task: list((v) => v.toLowerCase()),
  dataType: list((v) => v.toLowerCase()),
  language: list((v) => v.toLowerCase()),
  dataset: list((v) => v.toLowerCase()),
  architecture: list((v) => v.toLowerCase()),
  license: list((v) => v.toLowerCase()),
  rights: list(oneOf(rightNames)),
  fineTunable: list(oneOf(['true', 'false'])),
  size: list(oneOf(sizeBuckets)),
  provenance: list(oneOf(provenances)),
  documented: list(oneOf(['true'])),
  // "fits in N GB": bytes, or a number with a unit (4GB, 500MB, 8GiB)
  // (capped and trimmed first: the pattern's spaces and digits can then only match one way)
  maxSize: z
    .string()
    .max(32, 'must be at most 32 characters')
    .default('')
    .transform((raw, ctx) => {
      if (!raw.trim()) return undefined
      const m = /^(\d+(?:\.\d+)?)\s{0,4}([kmgt]i?b|b)?$/i.exec(raw.trim())
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'must be bytes or a size such as 4GB or 500MB' })
        return z.NEVER
      }
      return Math.floor(Number(m[1]) * sizeUnits[(m[2] ?? '').toLowerCase()]!)
    }),
  // 1 for every group, or the groups wanted: facets=framework,task
  facets: list((value, ctx) => {
    if (['1', 'true', 'yes'].includes(value.toLowerCase())) return 'all'
    const group = facetGroups.find((g) => g.toLowerCase() === value.toLowerCase())
    if (!group)
      ctx.addIssue({
        code: 'custom',
        message: `unknown facet group '${value}'; use 1 or some of ${facetGroups.join(', ')}`,
      })
    return group
  }).transform((groups) => {
    if (groups.includes('all')) return true
    return groups.length ? (groups as FacetGroup[]) : false
  }),
})

export const listFilesQuery = z.object({
  pageSize: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(1000),
  pageToken: pageToken(),
})

const versionNumber = z.coerce
  .number({ error: 'must be a version number' })
  .int('must be a version number')
  .min(1, 'must be a version number')

/** `/:owner/:model/:framework/:variation/diff`: the two versions to compare. */
export const versionDiffQuery = z.object({ from: versionNumber, to: versionNumber })
