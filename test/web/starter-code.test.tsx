import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import { StarterCode } from '../../web/src/components/starter-code'
import { starterSnippets, type StarterInput } from '../../web/src/lib/starter-code'

const origin = 'https://modelport.example'
const demo: StarterInput = {
  origin,
  handle: 'demo/movenet/tfJs/singlepose-lightning',
  framework: 'tfJs',
  version: 1,
  files: [
    {
      name: 'model.json',
      sha256: 'df8c'.padEnd(64, '0'),
      url: `${origin}/api/v1/files/demo/movenet/tfJs/singlepose-lightning/1/model.json`,
    },
    {
      name: 'movenet-lightning.bin',
      sha256: 'bf97'.padEnd(64, '0'),
      url: `${origin}/api/v1/files/demo/movenet/tfJs/singlepose-lightning/1/movenet-lightning.bin`,
    },
  ],
}

const byId = (input: StarterInput) =>
  Object.fromEntries(starterSnippets(input).map((s) => [s.id, s]))

describe('starterSnippets', () => {
  it('fills the exact handle and version into kagglehub, TF.js and curl for a TF.js model with files', () => {
    const s = byId(demo)
    expect(Object.keys(s)).toEqual(['kagglehub', 'tfjs', 'curl'])
    expect(s.kagglehub!.code).toContain(`os.environ["KAGGLE_API_ENDPOINT"] = "${origin}"`)
    expect(s.kagglehub!.code).toContain(
      'kagglehub.model_download("demo/movenet/tfJs/singlepose-lightning/1")',
    )
    expect(s.tfjs!.code).toContain(`tf.loadGraphModel("${demo.files[0]!.url}")`)
    expect(s.curl!.code).toContain(
      `curl -L -o 'movenet-tfJs-singlepose-lightning-v1.tar.gz' '${origin}/api/v1/models/demo/movenet/tfJs/singlepose-lightning/1/download'`,
    )
    expect(s.curl!.code).toContain(
      `curl -L -o 'model.json' '${origin}/api/v1/models/demo/movenet/tfJs/singlepose-lightning/1/download/model.json'`,
    )
    expect(s.curl!.code).toContain(`echo '${demo.files[0]!.sha256}  model.json' | sha256sum -c`)
  })

  it('offers TF/Keras for TensorFlow variations and TFLite with the .tflite file', () => {
    const tf2 = byId({
      ...demo,
      handle: 'acme/net/tensorFlow2/base',
      framework: 'tensorFlow2',
      version: 3,
    })
    expect(Object.keys(tf2)).toEqual(['kagglehub', 'keras', 'curl'])
    expect(tf2.keras!.code).toContain('kagglehub.model_download("acme/net/tensorFlow2/base/3")')
    expect(tf2.keras!.code).toContain('tf.saved_model.load(path)')

    const lite = byId({
      ...demo,
      handle: 'acme/net/tfLite/int8',
      framework: 'tfLite',
      version: 2,
      files: [{ name: 'sub/model_int8.tflite', sha256: 'a'.repeat(64), url: `${origin}/f` }],
    })
    expect(lite.tflite!.code).toContain(
      'tf.lite.Interpreter(model_path=os.path.join(path, "sub/model_int8.tflite"))',
    )
    expect(lite.curl!.code).toContain("/2/download/sub/model_int8.tflite'")
    expect(lite.curl!.code).toContain("model_int8.tflite' | sha256sum -c")
  })

  it("uses TF Hub's loaders for a TF Hub version whose files are not stored here", () => {
    const source = {
      kind: 'Tfjs',
      handle: 'google/movenet/singlepose/lightning/4',
      version: 4,
      url: 'https://tfhub.dev/google/tfjs-model/movenet/singlepose/lightning/4',
    }
    const tfjs = byId({
      ...demo,
      handle: 'google/movenet-singlepose-lightning/tfJs/default',
      version: 4,
      files: [],
      source,
    })
    expect(tfjs.tfjs!.code).toContain(`tf.loadGraphModel("${source.url}", { fromTFHub: true })`)
    expect(tfjs.curl!.code).toContain(`'${source.url}?tf-hub-format=compressed'`)
    expect(tfjs.kagglehub!.code).toContain(
      'model_download("google/movenet-singlepose-lightning/tfJs/default/4")',
    )

    const tf2 = byId({
      ...demo,
      framework: 'tensorFlow2',
      files: [],
      source: { ...source, url: 'https://tfhub.dev/google/movenet/singlepose/lightning/4' },
    })
    expect(tf2.keras!.code).toContain(
      'hub.load("https://tfhub.dev/google/movenet/singlepose/lightning/4")',
    )
    // no files and no upstream: nothing to curl
    expect(byId({ ...demo, files: [] }).curl).toBeUndefined()
  })
})

describe('StarterCode', () => {
  it('switches tabs with the mouse and the arrow keys, and copies the shown code', async () => {
    const writeText = vi.fn(async (_text: string) => {})
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    render(() => <StarterCode input={demo} />)

    const tabs = within(screen.getByRole('tablist', { name: 'Starter code' })).getAllByRole('tab')
    expect(tabs.map((t) => t.textContent)).toEqual(['kagglehub', 'TF.js', 'curl'])
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true')
    expect(screen.getByRole('tabpanel').textContent).toContain('kagglehub.model_download')

    fireEvent.click(tabs[1]!)
    expect(tabs[1]!.getAttribute('aria-selected')).toBe('true')
    await waitFor(() =>
      expect(screen.getByRole('tabpanel').textContent).toContain('tf.loadGraphModel'),
    )

    fireEvent.keyDown(tabs[1]!, { key: 'ArrowRight' })
    expect(tabs[2]!.getAttribute('aria-selected')).toBe('true')
    expect(document.activeElement).toBe(tabs[2])

    fireEvent.click(screen.getByRole('button', { name: 'Copy code' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1))
    expect(writeText.mock.calls[0]![0]).toBe(
      starterSnippets(demo).find((s) => s.id === 'curl')!.code,
    )
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy()
  })
})
