import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import { VariationNav, VersionSelect } from '../../web/src/components/variation-explorer'
import { modelPath } from '../../web/src/lib/paths'
import { resolveSelection } from '../../web/src/lib/selection'
import { fakeApi } from './fake-api'
import { makeFile, makeInstance, makeModel, makeVersion } from './fixtures'
import { renderApp, renderWithRouter } from './render'

const instances = [
  makeInstance({ frameworkSlug: 'tensorFlow2', slug: 'movenet', versionCount: 4 }),
  makeInstance({ frameworkSlug: 'tfJs', slug: 'singlepose-lightning', versionNumber: 4 }),
  makeInstance({ frameworkSlug: 'tfLite', slug: 'float16', versionNumber: 1 }),
  makeInstance({ frameworkSlug: 'tfLite', slug: 'int8', versionNumber: 2, versionCount: 2 }),
]
const owner = 'google'
const model = 'movenet-singlepose-lightning'

describe('modelPath', () => {
  it('builds each level of the model URL and encodes segments', () => {
    expect(modelPath({ owner, model })).toBe('/models/google/movenet-singlepose-lightning')
    expect(modelPath({ owner, model, framework: 'tfLite', variation: 'int8', version: 2 })).toBe(
      '/models/google/movenet-singlepose-lightning/tfLite/int8/2',
    )
    expect(modelPath({ owner: 'a b', model: 'c/d', framework: 'tfJs' })).toBe(
      '/models/a%20b/c%2Fd/tfJs',
    )
    // a version without a variation has no place in the path
    expect(modelPath({ owner, model, framework: 'tfJs', version: 3 })).toBe(
      '/models/google/movenet-singlepose-lightning/tfJs',
    )
  })
})

describe('resolveSelection', () => {
  it('picks the first variation and leaves the version to the latest when the URL has none', () => {
    const s = resolveSelection(instances, {})
    expect(s.framework).toBe('tensorFlow2')
    expect(s.instance?.slug).toBe('movenet')
    expect(s.version).toBeUndefined()
  })

  it("picks a framework's first variation, or the named variation and version", () => {
    expect(resolveSelection(instances, { framework: 'tfLite' }).instance?.slug).toBe('float16')
    const s = resolveSelection(instances, { framework: 'tfLite', variation: 'int8', version: '1' })
    expect([s.instance?.slug, s.version]).toEqual(['int8', 1])
  })

  it('reports what the URL asked for when the model lacks it', () => {
    expect(resolveSelection(instances, { framework: 'pyTorch' }).missing).toBe('framework pyTorch')
    expect(resolveSelection(instances, { framework: 'tfJs', variation: 'nope' }).missing).toBe(
      'variation tfJs/nope',
    )
  })
})

describe('VariationNav', () => {
  it('links each framework tab to its first variation and marks the selected one', () => {
    const selection = resolveSelection(instances, { framework: 'tfLite', variation: 'int8' })
    renderWithRouter(() => (
      <VariationNav owner={owner} model={model} instances={instances} selection={selection} />
    ))

    const tabs = within(screen.getByRole('navigation', { name: 'Frameworks' })).getAllByRole('link')
    expect(tabs.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['TensorFlow 21', '/models/google/movenet-singlepose-lightning/tensorFlow2/movenet'],
      ['TF.js1', '/models/google/movenet-singlepose-lightning/tfJs/singlepose-lightning'],
      ['TFLite2', '/models/google/movenet-singlepose-lightning/tfLite/float16'],
    ])
    expect(tabs[2]!.getAttribute('aria-current')).toBe('page')
    expect(tabs[0]!.getAttribute('aria-current')).toBeNull()

    const variations = within(screen.getByRole('navigation', { name: 'TFLite variations' }))
    const int8 = variations.getByRole('link', { name: /int8/ })
    expect(int8.getAttribute('href')).toBe(
      '/models/google/movenet-singlepose-lightning/tfLite/int8',
    )
    expect(int8.getAttribute('aria-current')).toBe('page')
    const float16 = variations.getByRole('link', { name: /float16/ })
    expect(float16.getAttribute('aria-current')).toBeNull()
  })

  it('navigates in place when a variation is clicked', async () => {
    const selection = resolveSelection(instances, { framework: 'tfLite' })
    const { history } = renderWithRouter(
      () => (
        <VariationNav owner={owner} model={model} instances={instances} selection={selection} />
      ),
      '/models/google/movenet-singlepose-lightning/tfLite',
    )
    fireEvent.click(screen.getByRole('link', { name: /int8/ }))
    await waitFor(() =>
      expect(history.get()).toBe('/models/google/movenet-singlepose-lightning/tfLite/int8'),
    )
  })
})

describe('VersionSelect', () => {
  it('navigates to the chosen version', async () => {
    const versions = [makeVersion({ versionNumber: 2 }), makeVersion({ versionNumber: 1 })]
    const { history } = renderWithRouter(() => (
      <VersionSelect
        owner={owner}
        model={model}
        instance={instances[3]!}
        versions={versions}
        selected={2}
      />
    ))
    const select = screen.getByRole('combobox', { name: 'Version' }) as HTMLSelectElement
    expect(select.value).toBe('2')
    expect(select.options[0]!.textContent).toMatch(/^Version 2 \(latest\)/)

    fireEvent.change(select, { target: { value: '1' } })
    await waitFor(() =>
      expect(history.get()).toBe('/models/google/movenet-singlepose-lightning/tfLite/int8/1'),
    )
  })
})

describe('model page explorer', () => {
  const blazeface = makeModel({
    instances: [makeInstance({ usage: '## Example use\n\n```js\nawait blazeface.load()\n```' })],
  })
  const files = [
    makeFile({ name: 'model.json', size: 161_813 }),
    makeFile({ name: 'group1-shard1of1.bin', size: 4_650_216, sha256: 'a'.repeat(64) }),
  ]

  it('deep-links to a version and lists its files with download links', async () => {
    fakeApi({
      'models/demo/blazeface/get': blazeface,
      'models/demo/blazeface/tfJs/default/versions': {
        versions: [
          makeVersion({
            fileCount: 2,
            totalBytes: 4_812_029,
            archiveUrl: '/api/v1/models/demo/blazeface/tfJs/default/1/archive.tar.gz',
            archiveSize: 4_500_000,
          }),
        ],
      },
      'models/demo/blazeface/tfJs/default/1/files': {
        files,
        nextPageToken: '',
        totalResults: 2,
        totalBytes: 4_812_029,
      },
    })
    renderApp('/models/demo/blazeface/tfJs/default/1')

    const download = await screen.findByRole('link', { name: 'Download model.json' })
    expect(download.getAttribute('href')).toBe(files[0]!.url)
    expect(download.hasAttribute('download')).toBe(true)
    expect(screen.getByText('2 files · 4.8 MB')).toBeTruthy()
    const all = screen.getByRole('link', { name: 'Download all (tar.gz, 4.5 MB)' })
    expect(all.getAttribute('href')).toBe(
      '/api/v1/models/demo/blazeface/tfJs/default/1/archive.tar.gz',
    )
    const hash = screen.getByTitle('a'.repeat(64))
    expect(hash.textContent).toBe('aaaaaaaa…aaaaaa')
    expect(screen.getByText('demo/blazeface/tfJs/default/1')).toBeTruthy()
    // the usage's code block, coloured: the text is split into spans
    const code = screen.getByText(
      (_, el) => el?.tagName === 'CODE' && el.textContent?.trim() === 'await blazeface.load()',
    )
    await waitFor(() => expect(code.querySelector('.hljs-keyword')).toBeTruthy())
  })

  it('shows the newest version, and its TF Hub source when it has no files', async () => {
    fakeApi({
      'models/google/bert/get': makeModel({
        ownerSlug: 'google',
        slug: 'bert',
        provenance: 'tfhub',
        sourceUrl: 'https://tfhub.dev/google/bert',
        instances: [
          makeInstance({
            frameworkSlug: 'tensorFlow2',
            slug: 'bert',
            handle: 'google/bert/tensorFlow2/bert',
            versionNumber: 1,
          }),
        ],
      }),
      'models/google/bert/tensorFlow2/bert/versions': {
        versions: [
          makeVersion({
            versionNumber: 2,
            source: {
              kind: 'Module',
              handle: 'google/bert/2',
              version: 2,
              url: 'https://tfhub.dev/google/bert/2',
              format: 'saved_model_2',
              assetPath: 'internal',
            },
          }),
          makeVersion({ versionNumber: 1 }),
        ],
      },
    })
    renderApp('/models/google/bert')

    await screen.findByText('Files for this version are not stored on Modelport yet.')
    expect(screen.getByRole('link', { name: 'https://tfhub.dev/google/bert/2' })).toBeTruthy()
    expect(screen.getByText('TF2 SavedModel')).toBeTruthy()
    expect(screen.getByText('google/bert/tensorFlow2/bert/2')).toBeTruthy()
    expect((screen.getByRole('combobox', { name: 'Version' }) as HTMLSelectElement).value).toBe('2')
    const provenance = screen.getByRole('link', { name: /Imported from TF Hub/ })
    expect(provenance.getAttribute('href')).toBe('https://tfhub.dev/google/bert')
    expect(provenance.getAttribute('rel')).toContain('noopener')
  })

  it('says which variation is missing when the URL names an unknown one', async () => {
    fakeApi({ 'models/demo/blazeface/get': blazeface })
    renderApp('/models/demo/blazeface/tfJs/nope')
    expect((await screen.findByRole('alert')).textContent).toContain('variation tfJs/nope')
    expect(screen.getByRole('link', { name: /TF\.js/ }).getAttribute('href')).toBe(
      '/models/demo/blazeface/tfJs/default',
    )
  })

  it('shows a not-found message for an unknown model', async () => {
    fakeApi({})
    renderApp('/models/acme/missing-model')
    expect(await screen.findByRole('heading', { name: 'Model not found' })).toBeTruthy()
    expect(screen.getByText('acme/missing-model')).toBeTruthy()
    const search = screen.getByRole('link', { name: 'Search for “missing-model”' })
    expect(search.getAttribute('href')).toBe('/models?q=missing+model')
  })

  it('shows the not-found page for an unknown path', async () => {
    fakeApi({})
    renderApp('/nowhere/at/all')
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy()
  })
})
