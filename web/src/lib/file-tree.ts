import type { ApiModelFile } from '../../../worker/api-types'

interface FileNode {
  kind: 'file'
  name: string
  path: string
  depth: number
  file: ApiModelFile
}

export interface FolderNode {
  kind: 'folder'
  name: string
  path: string
  depth: number
  /** bytes of every file below */
  size: number
  /** number of files below, at any depth */
  fileCount: number
  children: TreeNode[]
}

export type TreeNode = FileNode | FolderNode

/**
 * A version's flat file list ('a/b/c.bin') as a tree: folders first, then files, each by name.
 * Folders carry the total size and file count of everything below them.
 */
export function buildFileTree(files: ApiModelFile[]): TreeNode[] {
  const root: FolderNode = {
    kind: 'folder',
    name: '',
    path: '',
    depth: -1,
    size: 0,
    fileCount: 0,
    children: [],
  }
  for (const file of files) {
    const parts = file.name.split('/').filter(Boolean)
    let folder = root
    folder.size += file.size
    folder.fileCount++
    for (const [i, part] of parts.slice(0, -1).entries()) {
      const path = parts.slice(0, i + 1).join('/')
      let next = folder.children.find(
        (c): c is FolderNode => c.kind === 'folder' && c.name === part,
      )
      if (!next) {
        next = { kind: 'folder', name: part, path, depth: i, size: 0, fileCount: 0, children: [] }
        folder.children.push(next)
      }
      next.size += file.size
      next.fileCount++
      folder = next
    }
    folder.children.push({
      kind: 'file',
      name: parts.at(-1) ?? file.name,
      path: file.name,
      depth: parts.length - 1,
      file,
    })
  }
  sortTree(root.children)
  return root.children
}

function sortTree(nodes: TreeNode[]) {
  nodes.sort((a, b) =>
    a.kind !== b.kind ? (a.kind === 'folder' ? -1 : 1) : a.name.localeCompare(b.name),
  )
  for (const node of nodes) if (node.kind === 'folder') sortTree(node.children)
}

/** The rows to show, depth first, skipping what is inside collapsed folders. */
export function visibleRows(nodes: TreeNode[], isOpen: (path: string) => boolean): TreeNode[] {
  const rows: TreeNode[] = []
  const walk = (list: TreeNode[]) => {
    for (const node of list) {
      rows.push(node)
      if (node.kind === 'folder' && isOpen(node.path)) walk(node.children)
    }
  }
  walk(nodes)
  return rows
}
