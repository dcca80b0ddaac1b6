// The catalog's shared words: facet groups, tag types, sorts, frameworks, licence rights, sizes,
// each with its display label. Worker, db and SPA all import this file, so it imports nothing:
// a new filter, framework or sort is one edit here, and every layer that lists them follows.

// ===== Frameworks =====
// Kaggle's framework names (docs/kaggle-api.md, "Frameworks"): camelCase slugs in URLs and
// handles, enum names on the wire, and lenient matching of whatever a client typed.

const frameworkSlugs = [
  'tensorFlow1',
  'tensorFlow2',
  'tfLite',
  'tfJs',
  'pyTorch',
  'jax',
  'coral',
  'scikitLearn',
  'mxnet',
  'onnx',
  'keras',
  'api',
  'other',
  'flax',
  'pax',
  'transformers',
  'maxText',
  'gemmaCpp',
  'ggml',
  'tensorRtLlm',
  'gguf',
  'triton',
  'vllm',
] as const
export type FrameworkSlug = (typeof frameworkSlugs)[number]

/** Kaggle's wire enum, e.g. 'MODEL_FRAMEWORK_TF_JS'. */
export type FrameworkEnum = `MODEL_FRAMEWORK_${string}`

export const frameworkLabels: Record<FrameworkSlug, string> = {
  tensorFlow1: 'TensorFlow 1',
  tensorFlow2: 'TensorFlow 2',
  tfLite: 'TFLite',
  tfJs: 'TF.js',
  pyTorch: 'PyTorch',
  jax: 'JAX',
  coral: 'Coral',
  scikitLearn: 'scikit-learn',
  mxnet: 'MXNet',
  onnx: 'ONNX',
  keras: 'Keras',
  api: 'API',
  other: 'Other',
  flax: 'Flax',
  pax: 'PAX',
  transformers: 'Transformers',
  maxText: 'MaxText',
  gemmaCpp: 'gemma.cpp',
  ggml: 'GGML',
  tensorRtLlm: 'TensorRT-LLM',
  gguf: 'GGUF',
  triton: 'Triton',
  vllm: 'vLLM',
}

const normaliseFramework = (value: string) =>
  value
    .toLowerCase()
    .replace(/^model_framework_/, '')
    .replace(/[_-]/g, '')
// made on first use: the browser's bundle, which never parses a framework, leaves it out
let frameworkByKey: Map<string, FrameworkSlug> | undefined

/** 'pytorch', 'PyTorch', 'py_torch', 'MODEL_FRAMEWORK_PY_TORCH' → 'pyTorch'; unknown → null */
export function parseFramework(value: string): FrameworkSlug | null {
  frameworkByKey ??= new Map(frameworkSlugs.map((slug) => [normaliseFramework(slug), slug]))
  return frameworkByKey.get(normaliseFramework(value)) ?? null
}

/** 'pyTorch' → 'MODEL_FRAMEWORK_PY_TORCH' */
export function frameworkEnum(slug: string): FrameworkEnum {
  const snake = slug.replace(/([a-z])([A-Z0-9])/g, '$1_$2').toUpperCase()
  return `MODEL_FRAMEWORK_${snake}`
}

/** 'MODEL_FRAMEWORK_TF_JS' → 'tfJs', the camelCase slug used in handles and URLs. */
function frameworkSlugOf(value: FrameworkEnum): string {
  const words = value
    .replace(/^MODEL_FRAMEWORK_/, '')
    .toLowerCase()
    .split('_')
  return words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('')
}

/** Display name of a framework, from its slug or its wire enum; an unknown one shows as given. */
export function frameworkLabel(value: string): string {
  const slug = value.startsWith('MODEL_FRAMEWORK_')
    ? frameworkSlugOf(value as FrameworkEnum)
    : value
  return frameworkLabels[slug as FrameworkSlug] ?? slug
}

// ===== Tags =====

export const tagTypes = ['task', 'data_type', 'language', 'dataset', 'architecture'] as const
export type TagType = (typeof tagTypes)[number]

export const tagTypeLabels: Record<TagType, string> = {
  task: 'Task',
  data_type: 'Data type',
  language: 'Language',
  dataset: 'Dataset',
  architecture: 'Architecture',
}

// ===== Sorts =====

/** The list's sort orders; `relevance` needs a search and is the default with one. */
export const searchSorts = [
  'hotness',
  'downloadCount',
  'voteCount',
  'notebookCount',
  'publishTime',
  'createTime',
  'updateTime',
  'relevance',
] as const
export type SearchSort = (typeof searchSorts)[number]

export const sortLabels: Record<SearchSort, string> = {
  relevance: 'Best match',
  hotness: 'Hotness',
  downloadCount: 'Most downloads',
  voteCount: 'Most votes',
  notebookCount: 'Most notebooks',
  publishTime: 'Recently published',
  createTime: 'Recently created',
  updateTime: 'Recently updated',
}

// ===== Facet groups and their fixed values =====

/** The list endpoint's filter groups; each is also its query parameter. */
export const facetGroups = [
  'framework',
  'task',
  'dataType',
  'language',
  'dataset',
  'architecture',
  'license',
  'rights',
  'fineTunable',
  'owner',
  'size',
  'provenance',
  'documented',
] as const
export type FacetGroup = (typeof facetGroups)[number]

export const facetGroupLabels: Record<FacetGroup, string> = {
  framework: 'Framework',
  task: 'Task',
  dataType: 'Data type',
  language: 'Language',
  dataset: 'Dataset',
  architecture: 'Architecture',
  license: 'Licence',
  rights: 'Licence terms',
  fineTunable: 'Fine-tuning',
  owner: 'Owner',
  size: 'Size',
  provenance: 'Source',
  documented: 'Documentation',
}

/** Boolean flags of a licence (ApiLicense's fields). */
export type LicenceFlag =
  | 'commercialUse'
  | 'modification'
  | 'distribution'
  | 'patentGrant'
  | 'attributionRequired'
  | 'shareAlike'

/**
 * The `rights` filter's values: each is a right a licence grants, read from one of its flags
 * (`granted: false` for the two duties, whose absence is the right).
 */
export const licenceRights = [
  { value: 'commercial-use', flag: 'commercialUse', granted: true, label: 'Commercial use' },
  { value: 'modification', flag: 'modification', granted: true, label: 'Modification' },
  { value: 'distribution', flag: 'distribution', granted: true, label: 'Distribution' },
  { value: 'patent-grant', flag: 'patentGrant', granted: true, label: 'Patent grant' },
  {
    value: 'no-attribution',
    flag: 'attributionRequired',
    granted: false,
    label: 'No attribution required',
  },
  { value: 'no-share-alike', flag: 'shareAlike', granted: false, label: 'No share-alike' },
] as const satisfies readonly {
  value: string
  flag: LicenceFlag
  granted: boolean
  label: string
}[]
export type LicenceRight = (typeof licenceRights)[number]['value']

/** A licence's flags as its terms read on a model page. */
export const licenceFlagLabels: Record<LicenceFlag, string> = {
  commercialUse: 'Commercial use',
  modification: 'Modification',
  distribution: 'Distribution',
  patentGrant: 'Patent grant',
  attributionRequired: 'Attribution required',
  shareAlike: 'Share-alike',
}

export const sizeBuckets = ['under-100mb', '100mb-1gb', '1gb-10gb', 'over-10gb', 'unknown'] as const
export type SizeBucket = (typeof sizeBuckets)[number]

export const provenances = ['tfhub', 'community'] as const
export type Provenance = (typeof provenances)[number]

/** Labels of the facet values that are fixed words; the others (tags, licences, owners) come from the catalog. */
export const facetValueLabels = {
  // pure: the browser's bundle, which takes these labels from the API, leaves them out
  rights: /* @__PURE__ */ Object.fromEntries(
    /* @__PURE__ */ licenceRights.map((r) => [r.value, r.label]),
  ) as Record<LicenceRight, string>,
  size: {
    'under-100mb': 'Under 100 MB',
    '100mb-1gb': '100 MB to 1 GB',
    '1gb-10gb': '1 GB to 10 GB',
    'over-10gb': 'Over 10 GB',
    unknown: 'Size unknown',
  } satisfies Record<SizeBucket, string>,
  provenance: { tfhub: 'TF Hub', community: 'Community' } satisfies Record<Provenance, string>,
  fineTunable: { true: 'Fine-tunable', false: 'Not fine-tunable' },
  documented: { true: 'Documented (card, licence, files)' },
} as const satisfies Partial<Record<FacetGroup, Record<string, string>>>
