import { env } from 'cloudflare:workers'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { assertSafeStoredPaths, safeStoredPath, UnsafePathError } from '../../worker/lib/file-path'
import { writeTar } from '../../worker/lib/tar-writer'
import { publishVersion } from '../../worker/services/publish-version'
import { db } from './helpers'

const unsafe = [
  '../evil.bin',
  'a/../../evil.bin',
  '/etc/passwd',
  'a//b',
  'a/./b',
  '.',
  '',
  '..\\..\\evil.bin',
  'C:evil.bin',
  'C:/evil.bin',
  'a\u0000b',
  'a\u001b[31mred',
  'a\nb',
  'a\u0085b',
  'a\u007fb',
  'evil\u202egnp.exe',
  'a\ud800b',
  'a\uff0f..\uff0fb', // fullwidth solidus: 'a/../b' once NFKC-normalized
  '\uff0e\uff0e/x', // fullwidth full stops: '..'
  'x'.repeat(256),
  `${'d/'.repeat(600)}x`,
]

describe('safe stored paths', () => {
  it.each(unsafe.map((p) => [JSON.stringify(p), p]))('refuses %s', (_, path) => {
    expect(() => safeStoredPath(path)).toThrow(UnsafePathError)
  })

  it('keeps ordinary names, shell and HTML metacharacters included, and normalizes to NFC', () => {
    for (const ok of [
      'model.json',
      'variables/variables.data-00000-of-00001',
      '$(touch pwned).bin',
      '`id`"\'<img src=x onerror=alert(1)>.bin',
      'données/modèle.bin',
      '模型.tflite',
    ])
      expect(safeStoredPath(ok)).toBe(ok)
    expect(safeStoredPath('./a/b')).toBe('a/b')
    expect(safeStoredPath('cafe\u0301.bin')).toBe('caf\u00e9.bin')
  })

  it('refuses twins: the same name twice, case or NFC/NFKC variants, a file named like a folder', () => {
    const twins = [
      ['a.bin', 'a.bin'],
      ['Model.bin', 'model.bin'],
      ['caf\u00e9.bin', 'cafe\u0301.bin'], // NFD: not a stored name at all
      ['\ufb01le.bin', 'file.bin'], // the ﬁ ligature
      ['a', 'a/b'],
      ['a/b', 'A'],
    ]
    for (const pair of twins) expect(() => assertSafeStoredPaths(pair), pair.join(' + ')).toThrow()
    expect(() => assertSafeStoredPaths(['a/b', 'a/c', 'ab'])).not.toThrow()
  })

  it('writeTar refuses an unsafe or duplicate name', async () => {
    const body = async () => new Response('x').body!
    for (const paths of [['../x'], ['a', 'a'], ['ok', 'a\\b']]) {
      const tar = writeTar(paths.map((path) => ({ path, size: 1, body })))
      await expect(new Response(tar).arrayBuffer()).rejects.toThrow(UnsafePathError)
    }
  })

  it('publishing a version with an unsafe name writes nothing', async () => {
    const before = await env.BUCKET.list({ prefix: 'archives/' })
    const file = {
      path: '../../evil.bin',
      size: 1,
      sha256: 'a'.repeat(64),
      md5: null,
      contentType: 'application/octet-stream',
      r2Key: 'blobs/none',
    }
    await expect(
      publishVersion(db(), env.BUCKET, { variationId: 1, number: 1, notes: '', files: [file] }),
    ).rejects.toThrow(UnsafePathError)
    const after = await env.BUCKET.list({ prefix: 'archives/' })
    expect(after.objects.length).toBe(before.objects.length)
    expect(await db().get<{ n: number }>(sql`select count(*) as n from files`)).toEqual({ n: 0 })
  })
})
