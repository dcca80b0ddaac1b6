// Links from upstream data keep only http(s) at import (docs/security.md, "Links").
import { describe, expect, it } from 'vitest'
import { httpUrl } from '../../worker/lib/http-url'
import { planCatalog } from '../../worker/tfhub/map'
import { parseTfhubFile } from '../../worker/tfhub/parse'

const hostile = [
  'javascript:alert(1)',
  ' JavaScript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '//evil.example/x',
  '/relative',
  'file:///etc/passwd',
  'not a url',
]

describe('upstream links', () => {
  it('httpUrl keeps absolute http(s) URLs only', () => {
    for (const value of hostile) expect(httpUrl(value), value).toBeNull()
    expect(httpUrl('https://colab.research.google.com/x.ipynb')).toBe(
      'https://colab.research.google.com/x.ipynb',
    )
    expect(httpUrl('http://example.com/')).toBe('http://example.com/')
    expect(httpUrl(null)).toBeNull()
  })

  it('the TF Hub mapping drops Colab, demo, notebook and icon links that are not http(s)', () => {
    const empty = new Map()
    const vocab = { task: empty, dataset: empty, architecture: empty, language: empty }
    for (const link of hostile.filter((v) => !/\s/.test(v))) {
      const files = [
        parseTfhubFile(
          'assets/docs/evil/evil.md',
          `# Publisher evil\nEvil\n\n[![Icon URL]](${link})\n\nAbout.\n`,
        ),
        parseTfhubFile(
          'assets/docs/evil/models/net/1.md',
          [
            '# Module evil/net/1',
            'A net.',
            '<!-- asset-path: https://example.com/a.tar.gz -->',
            '<!-- format: saved_model_2 -->',
            '<!-- license: apache-2.0 -->',
            `<!-- colab: ${link} -->`,
            `<!-- demo: ${link} -->`,
            '',
            '## Overview',
            'Text.',
          ].join('\n'),
        ),
      ]
      const plan = planCatalog(files, vocab)
      expect(plan.owners[0]!.avatarUrl, link).toBeNull()
      const model = plan.models[0]!
      expect(model.notebooks, link).toEqual([])
      const version = model.variations[0]!.versions[0]!
      expect([version.colabUrl, version.demoUrl], link).toEqual([null, null])
    }
  })
})
