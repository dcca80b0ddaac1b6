import type { FrameworkEnum } from '../../../worker/api-types'

const labels: Record<string, string> = {
  tensorFlow1: 'TensorFlow 1',
  tensorFlow2: 'TensorFlow 2',
  tfLite: 'TFLite',
  tfJs: 'TF.js',
  coral: 'Coral',
  pyTorch: 'PyTorch',
  jax: 'JAX',
  flax: 'Flax',
  keras: 'Keras',
  onnx: 'ONNX',
  scikitLearn: 'scikit-learn',
  mxnet: 'MXNet',
  transformers: 'Transformers',
  gguf: 'GGUF',
  ggml: 'GGML',
  gemmaCpp: 'gemma.cpp',
  maxText: 'MaxText',
  pax: 'PAX',
  tensorRtLlm: 'TensorRT-LLM',
  triton: 'Triton',
  vllm: 'vLLM',
  api: 'API',
  other: 'Other',
}

/** 'MODEL_FRAMEWORK_TF_JS' → 'tfJs', the camelCase slug used in handles and URLs. */
export function frameworkSlug(value: FrameworkEnum) {
  const words = value
    .replace(/^MODEL_FRAMEWORK_/, '')
    .toLowerCase()
    .split('_')
  return words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('')
}

/** Display name of a framework, from its slug or its wire enum. */
export function frameworkLabel(value: string) {
  const slug = value.startsWith('MODEL_FRAMEWORK_') ? frameworkSlug(value as FrameworkEnum) : value
  return labels[slug] ?? slug
}
