// Checks an uploaded .ipynb (docs/notebooks.md, "Limits"): nbformat 4 only, bounded in bytes,
// cells and output size. It checks the shape the viewer relies on and nothing more: unknown keys
// and metadata are kept, and hostile content (HTML, scripts, SVG) is data the viewer renders inert.
import { ApiError } from '../errors'

export const notebookLimits = {
  /** the whole .ipynb file */
  maxBytes: 10 * 1024 * 1024,
  maxCells: 5000,
  /** one cell's source, in characters */
  maxSourceChars: 1024 * 1024,
  /** one output's data, all of its MIME types together, in characters (base64 images count) */
  maxOutputChars: 2 * 1024 * 1024,
  maxOutputsPerCell: 100,
} as const

export type NotebookLanguage = 'python' | 'javascript'

export interface CheckedNotebook {
  cellCount: number
  language: NotebookLanguage
}

const cellTypes = new Set(['markdown', 'code', 'raw'])
const outputTypes = new Set(['stream', 'display_data', 'execute_result', 'error'])

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** nbformat's multiline string: a string, or an array of strings joined. */
const isMultiline = (v: unknown): v is string | string[] =>
  typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'))

const lengthOf = (v: string | string[]) =>
  typeof v === 'string' ? v.length : v.reduce((n, s) => n + s.length, 0)

function refuse(message: string, path: string): never {
  throw new ApiError('BAD_REQUEST', `not a valid notebook: ${message}`, [{ path, message }])
}

function checkOutput(output: unknown, path: string) {
  if (!isObject(output)) refuse('an output must be an object', path)
  const type = output.output_type
  if (typeof type !== 'string' || !outputTypes.has(type))
    refuse(
      `unknown output_type ${JSON.stringify(String(type).slice(0, 40))}`,
      `${path}.output_type`,
    )
  let chars = 0
  if (type === 'stream') {
    if (!isMultiline(output.text)) refuse('a stream output needs text', `${path}.text`)
    chars = lengthOf(output.text)
  } else if (type === 'error') {
    if (!Array.isArray(output.traceback) || !output.traceback.every((l) => typeof l === 'string'))
      refuse('an error output needs a traceback of strings', `${path}.traceback`)
    chars = lengthOf(output.traceback as string[])
  } else {
    if (!isObject(output.data)) refuse('a display output needs data', `${path}.data`)
    for (const [mime, value] of Object.entries(output.data)) {
      // JSON MIME types hold any JSON; everything else is a multiline string
      if (mime.endsWith('json')) chars += JSON.stringify(value).length
      else if (isMultiline(value)) chars += lengthOf(value)
      else refuse(`${mime} must be a string or an array of strings`, `${path}.data.${mime}`)
    }
  }
  if (chars > notebookLimits.maxOutputChars)
    throw new ApiError(
      'PAYLOAD_TOO_LARGE',
      `an output is ${chars} characters; the limit is ${notebookLimits.maxOutputChars}`,
      [{ path, message: `at most ${notebookLimits.maxOutputChars} characters` }],
    )
}

function checkCell(cell: unknown, path: string) {
  if (!isObject(cell)) refuse('a cell must be an object', path)
  if (typeof cell.cell_type !== 'string' || !cellTypes.has(cell.cell_type))
    refuse('cell_type must be markdown, code or raw', `${path}.cell_type`)
  if (!isMultiline(cell.source)) refuse('source must be a string or strings', `${path}.source`)
  if (lengthOf(cell.source) > notebookLimits.maxSourceChars)
    throw new ApiError(
      'PAYLOAD_TOO_LARGE',
      `a cell's source is at most ${notebookLimits.maxSourceChars} characters`,
      [{ path: `${path}.source`, message: `at most ${notebookLimits.maxSourceChars} characters` }],
    )
  if (cell.cell_type !== 'code') return
  if (!Array.isArray(cell.outputs)) refuse('a code cell needs outputs', `${path}.outputs`)
  if (cell.outputs.length > notebookLimits.maxOutputsPerCell)
    refuse(`a cell has at most ${notebookLimits.maxOutputsPerCell} outputs`, `${path}.outputs`)
  cell.outputs.forEach((output, i) => checkOutput(output, `${path}.outputs[${i}]`))
}

/** The notebook's kernel language: JavaScript when its metadata says so, else Python. */
function languageOf(metadata: unknown): NotebookLanguage {
  if (!isObject(metadata)) return 'python'
  const info = isObject(metadata.language_info) ? metadata.language_info.name : undefined
  const kernel = isObject(metadata.kernelspec) ? metadata.kernelspec.language : undefined
  const name = String(info ?? kernel ?? '').toLowerCase()
  return name === 'javascript' || name === 'typescript' ? 'javascript' : 'python'
}

/**
 * Parses and checks the text of a .ipynb; answers what the version row records, or throws the
 * error envelope's BAD_REQUEST (not JSON, not nbformat 4, a malformed cell) or PAYLOAD_TOO_LARGE
 * (too many cells, an output or cell over its limit).
 */
export function checkNotebook(text: string): CheckedNotebook {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    refuse('the file is not JSON', '')
  }
  if (!isObject(doc)) refuse('the file must be a JSON object', '')
  if (doc.nbformat !== 4)
    refuse(
      `only nbformat 4 is accepted, this is ${JSON.stringify(doc.nbformat ?? null)}; convert it with \`jupyter nbconvert --to notebook\``,
      'nbformat',
    )
  if (!Array.isArray(doc.cells)) refuse('cells must be an array', 'cells')
  if (doc.cells.length > notebookLimits.maxCells)
    throw new ApiError(
      'PAYLOAD_TOO_LARGE',
      `a notebook has at most ${notebookLimits.maxCells} cells, this one ${doc.cells.length}`,
      [{ path: 'cells', message: `at most ${notebookLimits.maxCells} cells` }],
    )
  doc.cells.forEach((cell, i) => checkCell(cell, `cells[${i}]`))
  return { cellCount: doc.cells.length, language: languageOf(doc.metadata) }
}
