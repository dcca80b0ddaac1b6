// The files a user picked or dropped, with their paths inside the folder: from an <input> (with
// webkitdirectory, each file's webkitRelativePath) or a drop (DataTransferItem.webkitGetAsEntry,
// folders read recursively). A single dropped or picked folder's own name is left out, as
// kagglehub uploads a folder's contents.

export interface PickedFile {
  path: string
  file: File
}

function stripCommonFolder(picked: PickedFile[]) {
  const first = picked[0]?.path.split('/')[0]
  if (!first || !picked.every((p) => p.path.startsWith(`${first}/`))) return picked
  return picked.map((p) => ({ ...p, path: p.path.slice(first.length + 1) }))
}

export function fromInput(files: FileList | null): PickedFile[] {
  const picked = [...(files ?? [])].map((file) => ({
    file,
    path: file.webkitRelativePath || file.name,
  }))
  return stripCommonFolder(picked)
}

const fileOf = (entry: FileSystemFileEntry) =>
  new Promise<File>((resolve, reject) => entry.file(resolve, reject))

async function entriesOf(dir: FileSystemDirectoryEntry) {
  const reader = dir.createReader()
  const all: FileSystemEntry[] = []
  // readEntries answers in batches until an empty one
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    )
    if (!batch.length) return all
    all.push(...batch)
  }
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]) {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name
  if (entry.isFile) out.push({ path, file: await fileOf(entry as FileSystemFileEntry) })
  else if (entry.isDirectory)
    for (const child of await entriesOf(entry as FileSystemDirectoryEntry))
      await walk(child, path, out)
}

export async function fromDrop(data: DataTransfer | null): Promise<PickedFile[]> {
  if (!data) return []
  // entries must be taken while the drop event lasts, before any await
  const entries = [...data.items].flatMap((item) => {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry() : null
    return entry ? [entry] : []
  })
  if (!entries.length) return fromInput(data.files)
  const out: PickedFile[] = []
  for (const entry of entries) await walk(entry, '', out)
  return stripCommonFolder(out)
}
