import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSourceArchive } from '../../worker/tfhub/source'
import { deploymentSuffix, slugify } from '../../worker/tfhub/map'
import { parseTfhubFile, parseVocabulary, type ParsedFile } from '../../worker/tfhub/parse'

describe('parseTfhubFile on the whole snapshot (docs/tfhub.md, "Parsing")', () => {
  let parsed: ParsedFile[]
  let errors: { path: string; message: string }[]
  let raw: Map<string, string>

  beforeAll(async () => {
    const archive = await readSourceArchive({ archiveUrl: env.TFHUB_SOURCE_URL }, null)
    raw = new Map(
      [...archive.files.values()].map((f) => [f.path, new TextDecoder().decode(f.bytes)]),
    )
    parsed = []
    errors = []
    for (const [path, text] of raw) {
      if (!path.startsWith('assets/docs/')) continue
      try {
        parsed.push(parseTfhubFile(path, text))
      } catch (err) {
        errors.push({ path, message: String(err) })
      }
    }
  })

  it('parses all 2,819 files without error', () => {
    expect(errors).toEqual([])
    expect(parsed).toHaveLength(2819)
  })

  it('finds the seven kinds in their numbers', () => {
    const kinds: Record<string, number> = {}
    for (const file of parsed) kinds[file.kind] = (kinds[file.kind] ?? 0) + 1
    expect(kinds).toEqual({
      Module: 1815,
      Lite: 372,
      Tfjs: 358,
      Placeholder: 182,
      Collection: 50,
      Publisher: 39,
      Coral: 3,
    })
  })

  it('tolerates the quirks: &zwnj;, blank lines, multi-line descriptions, empty bodies, icons', () => {
    const zwnj = parsed.filter((f) => raw.get(f.path)!.split('\n')[0]!.includes('&zwnj;'))
    expect(zwnj).toHaveLength(25)
    expect(zwnj.every((f) => !f.handle.includes('&'))).toBe(true)
    expect(parsed.filter((f) => raw.get(f.path)!.split('\n')[1] === '')).toHaveLength(1144)
    expect(parsed.filter((f) => f.bodyStartLine === null)).toHaveLength(48)
    expect(
      parsed.filter((f) => f.bodyStartLine === null).every((f) => f.kind === 'Placeholder'),
    ).toBe(true)
    expect(parsed.filter((f) => f.kind === 'Publisher' && f.iconUrl)).toHaveLength(31)
    expect(Math.max(...parsed.map((f) => f.description.length))).toBe(647)
    expect(parsed.every((f) => f.description && !f.description.includes('\n'))).toBe(true)
  })

  it('counts tags as docs/tfhub.md, "Tags" says', () => {
    const files = (key: string) => parsed.filter((f) => f.tags[key]?.length).length
    expect(files('asset-path')).toBe(2548)
    expect(files('format')).toBe(1815)
    expect(files('task')).toBe(2047)
    expect(files('license')).toBe(320)
    expect(files('parent-model')).toBe(733)
    expect(files('colab')).toBe(782)
    expect(files('demo')).toBe(18)
    expect(files('interactive-visualizer')).toBe(124)
  })

  it('takes the handle from line 1 when the name contains models/', () => {
    const file = parsed.find(
      (f) =>
        f.handle === 'bohemian-visual-recognition-alliance/models/mushroom-identification_v1/1',
    )
    expect(file?.kind).toBe('Module')
  })
})

describe('parseTfhubFile', () => {
  it('reads kind, handle, description, tags and body', () => {
    const file = parseTfhubFile(
      'assets/docs/nvidia/models/unet/industrial/class_1/1.md',
      [
        '# Module nvidia/&zwnj;unet/&zwnj;industrial/&zwnj;class_1/1',
        '',
        'Convolutional auto-encoder',
        'for 2D image segmentation.',
        '<!-- asset-path: https://example.com/a.tar.gz -->',
        '',
        '<!-- fine-tunable: false  -->',
        '<!-- task: image-segmentation -->',
        '<!-- task: image-segmentation -->',
        '<!--format:hub-->',
        '',
        '## Overview',
        '<!-- not a tag -->',
        'Text.',
      ].join('\n'),
    )
    expect(file).toMatchObject({
      kind: 'Module',
      handle: 'nvidia/unet/industrial/class_1/1',
      publisher: 'nvidia',
      name: 'unet/industrial/class_1',
      version: 1,
      description: 'Convolutional auto-encoder for 2D image segmentation.',
      tags: {
        'asset-path': ['https://example.com/a.tar.gz'],
        'fine-tunable': ['false'],
        task: ['image-segmentation'],
        format: ['hub'],
      },
      body: '## Overview\n<!-- not a tag -->\nText.',
      bodyStartLine: 12,
      flags: [],
    })
  })

  it('rejects a file whose first line is not a TF Hub header', () => {
    expect(() => parseTfhubFile('x.md', '# Model foo/bar/1\nText')).toThrow(/line 1/)
    expect(() => parseTfhubFile('x.md', '# Module foo/bar/1\n\n\n<!-- task: x -->')).toThrow(
      /empty description/,
    )
  })

  it('flags rule breaks instead of failing', () => {
    const file = parseTfhubFile(
      'x.md',
      '# Lite a/b/1\nA model.\n<!-- asset-path: https://github.com/x/y.tar.gz -->\n',
    )
    expect(file.flags).toEqual([
      'missing required tag parent-model',
      'asset-path does not end in .tflite',
      'asset-path is on github.com',
    ])
  })

  it('reads vocabularies with quotes and comments', () => {
    const vocabulary = parseVocabulary(
      '# c\nvalues:\n  - id: "no" # reserved\n    display_name: Norwegian\n  - id: t\n    display_name: T\n    domains:\n      - image\n      - text\n',
    )
    expect([...vocabulary.values()]).toEqual([
      { id: 'no', name: 'Norwegian', domains: [], url: undefined },
      { id: 't', name: 'T', domains: ['image', 'text'], url: undefined },
    ])
  })
})

describe('mapping helpers', () => {
  it('slugifies names', () => {
    expect(slugify('imagenet/mobilenet_v2_100_224/classification')).toBe(
      'imagenet-mobilenet-v2-100-224-classification',
    )
    expect(slugify('AraBERT')).toBe('arabert')
  })

  it('derives deployment suffixes as docs/tfhub.md, "Variations" shows', () => {
    expect(
      deploymentSuffix('imagenet/x/classification/3/default', 'imagenet/x/classification', 3),
    ).toBe('default')
    expect(deploymentSuffix('yamnet/classification/tflite', 'yamnet/classification', 1)).toBe(
      'tflite',
    )
    expect(
      deploymentSuffix('efficientnet/lite2/fp32', 'efficientnet/lite2/classification', 1),
    ).toBe('fp32')
    expect(deploymentSuffix('image-scene', 'image-scene', 1)).toBe('')
  })
})
