// The folders of a version as the create calls take them (docs/publishing.md, "Names"): files at
// the top, and a tree of directories each with its files, from each file's path and token.
import type { UploadTree } from '../../api/publishing'

export function uploadTree(files: { path: string; token: string }[]): UploadTree {
  const root: UploadTree = { files: [], directories: [] }
  for (const { path, token } of files) {
    const segments = path.split('/')
    let here = root
    for (const name of segments.slice(0, -1)) {
      let next = here.directories.find((d) => d.name === name)
      if (!next) here.directories.push((next = { name, files: [], directories: [] }))
      here = next
    }
    here.files.push({ token })
  }
  return root
}
