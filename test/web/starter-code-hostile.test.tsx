// @vitest-environment node
/// <reference types="node" />
// Every starter snippet with hostile file names and URLs, run by the real interpreters: bash
// parses it (`bash -n`) and hands each value to curl and sha256sum exactly; Python and Node get
// exactly the values, through stand-ins for the libraries the snippets import.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { starterSnippets, type StarterInput } from '../../web/src/lib/starter-code'

const hostileNames = [
  '$(touch /tmp/modelport-pwned).bin',
  '`touch /tmp/modelport-pwned`.bin',
  'a"b\'c.bin',
  "it's; rm -rf ~.bin",
  '${HOME}\\n%s.bin',
  '--help',
  'line\nbreak.bin',
  'données 模型 😀\u2028.bin',
]
const origin = 'https://modelport.example'
const sha = 'ab'.repeat(32)

function inputs(name: string): StarterInput[] {
  const file = (path: string) => ({ name: path, sha256: sha, url: `${origin}/f/${path}` })
  const handle = (framework: string) => `acme/net/${framework}/default`
  return [
    {
      origin,
      handle: handle('tfJs'),
      framework: 'tfJs',
      version: 2,
      files: [file(`${name}/model.json`)],
    },
    {
      origin,
      handle: handle('keras'),
      framework: 'keras',
      version: 1,
      files: [file(`${name}.keras`)],
    },
    {
      origin,
      handle: handle('tfLite'),
      framework: 'tfLite',
      version: 3,
      files: [file(`${name}.tflite`)],
    },
    {
      origin,
      handle: handle('tensorFlow2'),
      framework: 'tensorFlow2',
      version: 1,
      files: [file(name)],
    },
    {
      origin,
      handle: handle('tfJs'),
      framework: 'tfJs',
      version: 4,
      files: [],
      source: { kind: 'Tfjs', handle: 'x', version: 4, url: `https://tfhub.dev/x/${name}` },
    },
  ]
}

function run(command: string, args: string[], input: string) {
  const result = spawnSync(command, args, { input, encoding: 'utf8' })
  expect(result.stderr, `${command} ${args.join(' ')}\n${input}`).toBe('')
  expect(result.status).toBe(0)
  return result.stdout
}

// curl and sha256sum as shell functions that print their arguments (and stdin), NUL-separated
const shellStandIns = `
curl() { printf '%s\\0' curl "$@"; }
sha256sum() { printf '%s\\0' sha256sum "$@"; cat; printf '\\0'; }
`
const pythonStandIns = `
import json, sys, types
calls = []
def record(name, result=None):
    def f(*args, **kwargs):
        calls.append([name, list(args), kwargs])
        return result
    return f
class Interpreter:
    def __init__(self, model_path):
        calls.append(["Interpreter", [], {"model_path": model_path}])
    def allocate_tensors(self):
        pass
kagglehub = types.ModuleType("kagglehub")
kagglehub.model_download = record("model_download", "/models/path")
tf = types.ModuleType("tensorflow")
tf.saved_model = types.SimpleNamespace(load=record("saved_model.load"))
tf.lite = types.SimpleNamespace(Interpreter=Interpreter)
hub = types.ModuleType("tensorflow_hub")
hub.load = record("hub.load")
keras = types.ModuleType("keras")
keras.saving = types.SimpleNamespace(load_model=record("load_model"))
sys.modules.update(kagglehub=kagglehub, tensorflow=tf, tensorflow_hub=hub, keras=keras)
import io, os
results = []
for code in json.load(sys.stdin):
    calls.clear()
    sys.stdout = io.StringIO()
    exec(compile(code, "snippet", "exec"), {})
    sys.stdout = sys.__stdout__
    results.append({"calls": list(calls), "endpoint": os.environ["KAGGLE_API_ENDPOINT"]})
print(json.dumps(results))
`
// each snippet as an async function body, with @tensorflow/tfjs standing in
const nodeRunner = `
let input = ''
for await (const chunk of process.stdin) input += chunk
const results = []
for (const code of JSON.parse(input)) {
  let args
  const tf = { loadGraphModel: async (...a) => (args = a) }
  await new Function('tf', \`return (async () => { \${code} })()\`)(tf)
  results.push(args)
}
console.log(JSON.stringify(results))
`
const tfjsImport = "import * as tf from '@tensorflow/tfjs'"

/** Runs every snippet of one language in one interpreter; answers what each one called. */
function runAll(language: 'python' | 'javascript') {
  const snippets = hostileNames.flatMap((name) =>
    inputs(name).flatMap((input) =>
      starterSnippets(input)
        .filter((s) => s.language === language)
        .map((snippet) => ({ name, input, snippet })),
    ),
  )
  const codes = snippets.map((s) => s.snippet.code.replace(tfjsImport, ''))
  const out =
    language === 'python'
      ? run('python3', ['-c', pythonStandIns], JSON.stringify(codes))
      : run('node', ['--input-type=module', '-e', nodeRunner], JSON.stringify(codes))
  const results: unknown[] = JSON.parse(out)
  return snippets.map((s, i) => ({ ...s, result: results[i] as any }))
}

describe('starter code with hostile names', () => {
  it('bash parses every curl snippet and passes each value to curl and sha256sum exactly', () => {
    for (const name of hostileNames) {
      for (const input of inputs(name)) {
        for (const snippet of starterSnippets(input).filter((s) => s.language === 'bash')) {
          const versioned = `${input.handle}/${input.version}`
          run('bash', ['-n'], snippet.code)
          const args = run('bash', [], shellStandIns + snippet.code)
            .split('\0')
            .slice(0, -1)
          const api = `${origin}/api/v1/models/${versioned}`
          const file = input.files[0]
          if (!file) {
            expect(args).toEqual([
              'curl',
              '-L',
              '-o',
              'model.tar.gz',
              `${input.source!.url}?tf-hub-format=compressed`,
            ])
            continue
          }
          const base = file.name.split('/').pop()!
          const encoded = file.name.split('/').map(encodeURIComponent).join('/')
          expect(args).toEqual([
            'curl',
            '-L',
            '-o',
            `net-${input.framework}-default-v${input.version}.tar.gz`,
            `${api}/download`,
            'curl',
            '-L',
            '-o',
            base,
            `${api}/download/${encoded}`,
            'sha256sum',
            '-c',
            `${sha}  ${base}\n`,
          ])
        }
      }
    }
  }, 60_000)

  it('Python gets exactly the handle, the endpoint and each file name', () => {
    const all = runAll('python')
    expect(all.length).toBeGreaterThan(hostileNames.length * 4)
    for (const { input, snippet, result } of all) {
      expect(result.endpoint).toBe(origin)
      expect(result.calls[0]).toEqual(['model_download', [`${input.handle}/${input.version}`], {}])
      const name = input.files[0]?.name ?? ''
      if (snippet.id === 'keras' && name.endsWith('.keras'))
        expect(result.calls).toContainEqual(['load_model', [`/models/path/${name}`], {}])
      if (snippet.id === 'tflite')
        expect(result.calls).toContainEqual([
          'Interpreter',
          [],
          { model_path: `/models/path/${name}` },
        ])
    }
  }, 60_000)

  it('JavaScript gets exactly the model URL', () => {
    const all = runAll('javascript')
    expect(all.length).toBe(hostileNames.length * 2)
    for (const { input, result } of all)
      expect(result[0]).toBe(input.files[0]?.url ?? input.source!.url)
  }, 60_000)
})
