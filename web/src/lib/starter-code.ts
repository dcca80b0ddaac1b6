// "Use this model": copy-paste code per client with the exact handle and version filled in.
import type { ApiVersionSource } from '../../../worker/api-types'
import { frameworkLabels } from '../../../worker/vocabulary'
import {
  jsString,
  kagglehubSetup,
  pythonString,
  shellWord,
} from '../../../worker/lib/code-literals'

export type SnippetId = 'kagglehub' | 'tfjs' | 'keras' | 'tflite' | 'curl'

export interface Snippet {
  id: SnippetId
  label: string
  language: 'python' | 'javascript' | 'bash'
  code: string
}

export interface StarterInput {
  /** where Modelport is served, e.g. 'https://modelport.example' */
  origin: string
  /** 'owner/model/framework/variation' */
  handle: string
  /** camelCase framework slug, e.g. 'tfJs' */
  framework: string
  version: number
  /** the version's stored files; empty for metadata-only (TF Hub) versions */
  files: { name: string; sha256: string; url: string }[]
  /** where a TF Hub version's files live upstream */
  source?: ApiVersionSource
}

const py = pythonString
const baseName = (path: string) => path.split('/').pop() ?? path
const encodeFilePath = (path: string) => path.split('/').map(encodeURIComponent).join('/')

/** TF Hub's own handle URL, when the version came from TF Hub and is not stored here. */
function tfhubUrl(input: StarterInput) {
  const url = input.source?.url
  return input.files.length === 0 && url && url.startsWith('https://tfhub.dev/') ? url : undefined
}

/**
 * The snippets that apply to a variation's framework, kagglehub first. Versions without stored
 * files get TF Hub's loaders where TF Hub has the model, since Modelport cannot serve the bytes.
 */
export function starterSnippets(input: StarterInput): Snippet[] {
  const versioned = `${input.handle}/${input.version}`
  const upstream = tfhubUrl(input)
  const snippets: Snippet[] = [
    {
      id: 'kagglehub',
      label: 'kagglehub',
      language: 'python',
      code: [
        kagglehubSetup(input.origin),
        '',
        `path = kagglehub.model_download(${py(versioned)})`,
        'print("Model files are in", path)',
      ].join('\n'),
    },
  ]

  if (input.framework === 'tfJs') {
    const modelJson = input.files.find((f) => baseName(f.name) === 'model.json')
    const url = modelJson?.url ?? upstream
    if (url) {
      snippets.push({
        id: 'tfjs',
        label: frameworkLabels.tfJs,
        language: 'javascript',
        code: [
          "import * as tf from '@tensorflow/tfjs'",
          '',
          modelJson
            ? `const model = await tf.loadGraphModel(${jsString(url)})`
            : `const model = await tf.loadGraphModel(${jsString(url)}, { fromTFHub: true })`,
        ].join('\n'),
      })
    }
  }

  if (['tensorFlow1', 'tensorFlow2', 'keras'].includes(input.framework)) {
    const kerasFile = input.files.find((f) => /\.(keras|h5)$/.test(f.name))
    let code: string
    if (upstream) {
      code = [
        'import tensorflow_hub as hub',
        '',
        '# Not stored on Modelport yet: tensorflow_hub fetches it from TF Hub (served by Kaggle)',
        `model = hub.load(${py(upstream)})`,
      ].join('\n')
    } else if (kerasFile) {
      code = [
        kagglehubSetup(input.origin),
        'import keras',
        '',
        `path = kagglehub.model_download(${py(versioned)})`,
        `model = keras.saving.load_model(os.path.join(path, ${py(kerasFile.name)}))`,
      ].join('\n')
    } else {
      code = [
        kagglehubSetup(input.origin),
        input.framework === 'tensorFlow1'
          ? 'import tensorflow_hub as hub'
          : 'import tensorflow as tf',
        '',
        `path = kagglehub.model_download(${py(versioned)})`,
        input.framework === 'tensorFlow1'
          ? 'model = hub.load(path)  # TF1 Hub format'
          : 'model = tf.saved_model.load(path)',
      ].join('\n')
    }
    snippets.push({ id: 'keras', label: 'TF / Keras', language: 'python', code })
  }

  if (input.framework === 'tfLite') {
    const tflite = input.files.find((f) => f.name.endsWith('.tflite'))
    const modelPath = tflite
      ? `os.path.join(path, ${py(tflite.name)})`
      : 'next(glob.iglob(os.path.join(path, "**", "*.tflite"), recursive=True))'
    snippets.push({
      id: 'tflite',
      label: frameworkLabels.tfLite,
      language: 'python',
      code: [
        kagglehubSetup(input.origin),
        ...(tflite ? [] : ['import glob']),
        'import tensorflow as tf',
        '',
        `path = kagglehub.model_download(${py(versioned)})`,
        `interpreter = tf.lite.Interpreter(model_path=${modelPath})`,
        'interpreter.allocate_tensors()',
      ].join('\n'),
    })
  }

  const api = `${input.origin}/api/v1/models/${versioned}`
  const first = input.files[0]
  if (first) {
    const archive = `${input.handle.split('/').slice(1).join('-')}-v${input.version}.tar.gz`
    snippets.push({
      id: 'curl',
      label: 'curl',
      language: 'bash',
      code: [
        '# the whole version as one tar.gz',
        `curl -L -o ${shellWord(archive)} ${shellWord(`${api}/download`)}`,
        '',
        '# or one file, then check its sha256',
        `curl -L -o ${shellWord(baseName(first.name))} ${shellWord(`${api}/download/${encodeFilePath(first.name)}`)}`,
        `echo ${shellWord(`${first.sha256}  ${baseName(first.name)}`)} | sha256sum -c`,
      ].join('\n'),
    })
  } else if (upstream) {
    snippets.push({
      id: 'curl',
      label: 'curl',
      language: 'bash',
      code: [
        '# Not stored on Modelport yet: TF Hub (served by Kaggle) has the files',
        `curl -L -o model.tar.gz ${shellWord(`${upstream}?tf-hub-format=compressed`)}`,
      ].join('\n'),
    })
  }
  return snippets
}
