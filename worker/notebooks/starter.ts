// The first version of a notebook started from a variation ("New notebook"): a title cell and
// starter cells for the framework. TF.js models get a JavaScript notebook (the browser runtime
// provides `tf`); everything else a Python one whose first code cell points kagglehub here.
import { jsString, kagglehubSetup, pythonString } from '../lib/code-literals'
import type { NotebookLanguage } from './ipynb'

export interface StarterSource {
  /** where Modelport is served, e.g. 'https://modelport.example' */
  origin: string
  title: string
  /** 'owner/model/framework/variation' */
  handle: string
  framework: string
  /** the pinned version; null for the latest */
  version: number | null
  /** the URL of the version's model.json (TF.js), when it is stored here */
  modelJsonUrl?: string
  /** TF Hub's URL of a version whose files are not stored here */
  upstreamUrl?: string
}

const markdown = (source: string) => ({ cell_type: 'markdown', metadata: {}, source })
const code = (source: string) => ({
  cell_type: 'code',
  metadata: {},
  execution_count: null,
  outputs: [],
  source,
})

function pythonLoad(source: StarterSource) {
  switch (source.framework) {
    case 'tfLite':
      return [
        'import glob',
        'import tensorflow as tf',
        '',
        'model_path = next(glob.iglob(os.path.join(path, "**", "*.tflite"), recursive=True))',
        'interpreter = tf.lite.Interpreter(model_path=model_path)',
        'interpreter.allocate_tensors()',
      ]
    case 'tensorFlow1':
      return ['import tensorflow_hub as hub', '', 'model = hub.load(path)  # TF1 Hub format']
    case 'tensorFlow2':
    case 'keras':
      return ['import tensorflow as tf', '', 'model = tf.saved_model.load(path)']
    default:
      return ['import os', '', 'print(os.listdir(path))']
  }
}

function javascriptLoad(source: StarterSource, versioned: string) {
  if (source.modelJsonUrl)
    return [
      '// `tf` (TF.js), loadModel(), loadImage() and display() come with the notebook runtime,',
      '// which starts on the first run; loadModel() reads an attached model from our files',
      `const model = await loadModel(${jsString(versioned)})`,
      'model.inputs.map((input) => `${input.name}: ${input.dtype} [${input.shape}]`)',
    ]
  if (source.upstreamUrl)
    return [
      '// `tf` is TF.js, loaded by the notebook runtime on first run',
      `const model = await tf.loadGraphModel(${jsString(source.upstreamUrl)}, { fromTFHub: true })`,
      'model.inputs.map((input) => `${input.name}: ${input.dtype} [${input.shape}]`)',
    ]
  return ['// this version has no model.json stored here']
}

/** Runs an image model on an image the user adds: resized to the model's input, batched, cast. */
const javascriptPredict = [
  'const image = await loadImage() // the first file added with "Add files", as ImageData',
  'display(image)',
  'const [, height, width] = model.inputs[0].shape ?? []',
  'const input = tf.tidy(() =>',
  '  tf.image',
  '    .resizeBilinear(tf.browser.fromPixels(image), [',
  '      height > 0 ? height : image.height,',
  '      width > 0 ? width : image.width,',
  '    ])',
  '    .expandDims(0)',
  '    .cast(model.inputs[0].dtype),',
  ')',
  'const output = model.predict(input)',
  'output',
]

/** The language a new notebook for this framework is written in. */
export const starterLanguage = (framework: string): NotebookLanguage =>
  framework === 'tfJs' ? 'javascript' : 'python'

/** The .ipynb text of a new notebook for a variation. */
export function starterNotebook(source: StarterSource) {
  const versioned = source.version === null ? source.handle : `${source.handle}/${source.version}`
  const page = `${source.origin}/models/${source.handle.split('/').slice(0, 2).join('/')}`
  const intro = markdown(
    [`# ${source.title.replace(/[\r\n]+/g, ' ')}`, '', `Uses [${versioned}](${page}).`].join('\n'),
  )
  const javascript = starterLanguage(source.framework) === 'javascript'
  const cells = javascript
    ? [
        intro,
        code(javascriptLoad(source, versioned).join('\n')),
        markdown(
          'Add an image with **Add files** above, then run the next cell: the model sees it at its input size.',
        ),
        code(javascriptPredict.join('\n')),
      ]
    : [
        intro,
        code(kagglehubSetup(source.origin)),
        code(
          [
            `path = kagglehub.model_download(${pythonString(versioned)})`,
            ...pythonLoad(source),
          ].join('\n'),
        ),
      ]
  const metadata = javascript
    ? {
        kernelspec: {
          name: 'javascript',
          display_name: 'JavaScript (browser)',
          language: 'javascript',
        },
        language_info: { name: 'javascript' },
      }
    : {
        kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
        language_info: { name: 'python' },
      }
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells }, null, 1)
}
