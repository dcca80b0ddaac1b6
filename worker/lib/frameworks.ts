// Kaggle's framework names (KAGGLE-API.md §2.2): camelCase slugs in URLs and handles, enum
// names on the wire, and lenient matching of whatever a client typed (§2.3).
const frameworkSlugs = [
  'tensorFlow1', 'tensorFlow2', 'tfLite', 'tfJs', 'pyTorch', 'jax', 'coral', 'scikitLearn', 'mxnet',
  'onnx', 'keras', 'api', 'other', 'flax', 'pax', 'transformers', 'maxText', 'gemmaCpp', 'ggml',
  'tensorRtLlm', 'gguf', 'triton', 'vllm',
] as const

export type FrameworkSlug = (typeof frameworkSlugs)[number]

const displayNames: Partial<Record<FrameworkSlug, string>> = {
  tensorFlow1: 'TensorFlow 1', tensorFlow2: 'TensorFlow 2', tfLite: 'TFLite', tfJs: 'TF.js',
  pyTorch: 'PyTorch', jax: 'JAX', coral: 'Coral', scikitLearn: 'scikit-learn', onnx: 'ONNX',
  keras: 'Keras', gguf: 'GGUF', transformers: 'Transformers',
}

const normalise = (value: string) => value.toLowerCase().replace(/^model_framework_/, '').replace(/[_-]/g, '')
const bySlug = new Map<string, FrameworkSlug>(frameworkSlugs.map((slug) => [normalise(slug), slug]))

/** 'pytorch', 'PyTorch', 'py_torch', 'MODEL_FRAMEWORK_PY_TORCH' → 'pyTorch'; unknown → null */
export function parseFramework(value: string): FrameworkSlug | null {
  return bySlug.get(normalise(value)) ?? null
}

/** 'pyTorch' → 'MODEL_FRAMEWORK_PY_TORCH' */
export function frameworkEnum(slug: string): `MODEL_FRAMEWORK_${string}` {
  const snake = slug.replace(/([a-z])([A-Z0-9])/g, '$1_$2').toUpperCase()
  return `MODEL_FRAMEWORK_${snake}`
}

export function frameworkName(slug: string) {
  return displayNames[slug as FrameworkSlug] ?? slug
}
