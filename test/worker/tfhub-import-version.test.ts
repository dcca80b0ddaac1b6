// The importer's version must change whenever what it makes of the source can: the sync re-plans
// a catalog made by another version (worker/tfhub/import-version.ts). This fingerprints the files
// that decide it; when it fails, bump IMPORT_VERSION and record the new fingerprint here.
import { describe, expect, it } from 'vitest'
import { IMPORT_VERSION } from '../../worker/tfhub/import-version'

// the sources as text (Vite's ?raw), imported dynamically so linters do not read them as modules
const decisive = () =>
  Promise.all([
    import('../../worker/tfhub/parse.ts?raw'),
    import('../../worker/tfhub/map.ts?raw'),
    import('../../worker/tfhub/family.ts?raw'),
    import('../../worker/tfhub/kaggle-handle.ts?raw'),
    import('../../worker/tfhub/title.ts?raw'),
    import('../../db/seed/tfhub-kaggle/families.json?raw'),
  ])

const recorded = {
  version: '2026-12-07.2',
  fingerprint: '12045e793d98ed93c5414efb3bcc630fc2b868461811ffbba93dc92e2c6280b9',
}

async function sha256(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

describe('the TF Hub importer version', () => {
  it('names the parser, the mapping and the family table it was recorded with', async () => {
    const texts = (await decisive()).map((m) => m.default)
    const fingerprint = await sha256(texts.join('\0'))
    expect(
      { version: IMPORT_VERSION, fingerprint },
      'the importer changed: bump IMPORT_VERSION in worker/tfhub/import-version.ts and record both here',
    ).toEqual(recorded)
  })
})
