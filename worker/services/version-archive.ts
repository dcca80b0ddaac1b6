// Builds the whole-version tar.gz once, when a version gets its files, and stores it in R2 so
// that downloads of it get Content-Length, Range and a stable ETag like any file.
import { writeTar } from '../lib/tar'
import { stageStream, type StagedObject } from './staged-upload'

export interface ArchiveFile {
  path: string
  size: number
  key: string
}

export async function buildVersionArchive(
  bucket: R2Bucket,
  key: string,
  files: ArchiveFile[],
  mtime: Date,
): Promise<StagedObject> {
  const tar = writeTar(
    files.map((file) => ({
      path: file.path,
      size: file.size,
      mtime: Math.floor(mtime.getTime() / 1000),
      body: async () => {
        const object = await bucket.get(file.key)
        if (!object) throw new Error(`object ${file.key} missing while archiving`)
        return object.body
      },
    })),
  )
  return stageStream(
    bucket,
    key,
    tar.pipeThrough(new CompressionStream('gzip')),
    'application/gzip',
  )
}
