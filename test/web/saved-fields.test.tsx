// A publishing page's saved state (web/src/lib/upload/saved-uploads.ts) in jsdom's localStorage:
// its fields come back after a reload (read again for the same draft), each draft keeps its own,
// and publishing (forgetDraft) forgets the fields with the uploads.
import { afterEach, describe, expect, it } from 'vitest'
import {
  draftField,
  forgetDraft,
  loadSaved,
  saveUpload,
} from '../../web/src/lib/upload/saved-uploads'

afterEach(() => localStorage.clear())

describe('draftField', () => {
  it('starts from the default, and after a reload from what was chosen', () => {
    const [framework, setFramework] = draftField('a/m/new-variation', 'framework', 'pyTorch')
    expect(framework()).toBe('pyTorch')
    setFramework('tfJs')
    expect(framework()).toBe('tfJs')
    const [slug, setSlug] = draftField('a/m/new-variation', 'slug', 'default')
    setSlug('small')
    // the page again, after a reload
    expect(draftField('a/m/new-variation', 'framework', 'pyTorch')[0]()).toBe('tfJs')
    expect(draftField('a/m/new-variation', 'slug', 'default')[0]()).toBe('small')
    expect(slug()).toBe('small')
    expect(draftField('a/other/new-variation', 'framework', 'pyTorch')[0]()).toBe('pyTorch')
  })

  it('is forgotten with the uploads when the draft is published', () => {
    draftField('a/m/new-version', 'notes', '')[1]('faster')
    saveUpload('a/m/new-version', 'key', { token: 't' })
    expect(draftField('a/m/new-version', 'notes', '')[0]()).toBe('faster')
    forgetDraft('a/m/new-version')
    expect(loadSaved('a/m/new-version')).toEqual({})
    expect(draftField('a/m/new-version', 'notes', '')[0]()).toBe('')
  })

  it('ignores a saved value that is not text, and storage that is not JSON', () => {
    localStorage.setItem('modelport:fields:a/m/new-variation', '{"slug": 3}')
    expect(draftField('a/m/new-variation', 'slug', 'default')[0]()).toBe('default')
    localStorage.setItem('modelport:fields:a/m/new-variation', 'not json')
    expect(draftField('a/m/new-variation', 'slug', 'default')[0]()).toBe('default')
  })
})
