import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it, vi } from 'vitest'
import { FileTree } from '../../web/src/components/file-tree'
import { buildFileTree, visibleRows } from '../../web/src/lib/file-tree'
import { makeFile } from './fixtures'

const files = [
  makeFile({ name: 'saved_model.pb', size: 1_000 }),
  makeFile({ name: 'variables/variables.index', size: 200 }),
  makeFile({ name: 'variables/variables.data-00000-of-00001', size: 5_000_000 }),
  makeFile({ name: 'assets/labels/en.txt', size: 300 }),
  makeFile({ name: 'README.md', size: 50 }),
]

describe('buildFileTree', () => {
  it('nests paths into folders, folders first, each with its total size and file count', () => {
    const tree = buildFileTree(files)
    expect(tree.map((n) => `${n.kind}:${n.name}`)).toEqual([
      'folder:assets',
      'folder:variables',
      'file:README.md',
      'file:saved_model.pb',
    ])
    const variables = tree[1]!
    expect(variables).toMatchObject({
      kind: 'folder',
      path: 'variables',
      size: 5_000_200,
      fileCount: 2,
      depth: 0,
    })
    const assets = tree[0]!
    expect(assets.kind === 'folder' && assets.children[0]).toMatchObject({
      kind: 'folder',
      path: 'assets/labels',
      depth: 1,
      fileCount: 1,
    })
  })

  it('lists the rows of open folders only', () => {
    const tree = buildFileTree(files)
    const closed = visibleRows(tree, () => false).map((n) => n.path)
    expect(closed).toEqual(['assets', 'variables', 'README.md', 'saved_model.pb'])
    const open = visibleRows(tree, (p) => p === 'variables').map((n) => n.path)
    expect(open).toEqual([
      'assets',
      'variables',
      'variables/variables.data-00000-of-00001',
      'variables/variables.index',
      'README.md',
      'saved_model.pb',
    ])
  })
})

describe('FileTree', () => {
  it('shows folders open with sizes and per-file downloads, and collapses a folder', () => {
    render(() => (
      <FileTree
        files={files}
        totalResults={files.length}
        totalBytes={5_001_550}
        archiveUrl="/api/v1/archives/acme/net/tensorFlow2/base/1"
        archiveSize={4_000_000}
      />
    ))
    expect(screen.getByText('5 files · 5.0 MB')).toBeTruthy()
    expect(
      screen.getByRole('link', { name: 'Download all (tar.gz, 4.0 MB)' }).getAttribute('href'),
    ).toBe('/api/v1/archives/acme/net/tensorFlow2/base/1')
    const index = screen.getByRole('link', { name: 'Download variables/variables.index' })
    expect(index.getAttribute('href')).toBe(files[1]!.url)
    expect(index.getAttribute('download')).toBe('variables.index')

    const folder = screen.getByRole('button', { name: 'variables/' })
    expect(folder.getAttribute('aria-expanded')).toBe('true')
    const row = folder.closest('tr')!
    expect(within(row).getByText('5.0 MB')).toBeTruthy()
    expect(within(row).getByText('2 files')).toBeTruthy()

    fireEvent.click(folder)
    expect(folder.getAttribute('aria-expanded')).toBe('false')
    expect(screen.queryByRole('link', { name: 'Download variables/variables.index' })).toBeNull()
    expect(screen.getByRole('link', { name: 'Download saved_model.pb' })).toBeTruthy()
    fireEvent.click(folder)
    expect(screen.getByRole('link', { name: 'Download variables/variables.index' })).toBeTruthy()
  })

  it('copies the whole sha256 of a file from its short form', async () => {
    const writeText = vi.fn(async (_text: string) => {})
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    const file = makeFile({ name: 'weights.bin', sha256: 'ab'.repeat(32) })
    render(() => <FileTree files={[file]} totalResults={1} totalBytes={file.size} />)
    const button = screen.getByRole('button', { name: 'Copy the sha256 of weights.bin' })
    expect(button.textContent).toContain('abababab…ababab')
    fireEvent.click(button)
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('ab'.repeat(32)))
    expect(await within(button).findByText('copied')).toBeTruthy()
  })

  it('starts with folders closed when a version has many files', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      makeFile({ name: `shards/part-${String(i).padStart(2, '0')}.bin` }),
    )
    render(() => <FileTree files={many} totalResults={60} totalBytes={60 * 1234} />)
    expect(screen.getByRole('button', { name: 'shards/' }).getAttribute('aria-expanded')).toBe(
      'false',
    )
    expect(screen.queryAllByRole('link', { name: /^Download shards/ })).toHaveLength(0)
  })
})
