// The files a create call names: its upload tokens, placed in its folders. Every token must be
// the caller's, complete and unused; every path safe (one check, worker/lib/file-path.ts); the
// version within the limits. Nothing is consumed until all of that holds.
import type { Context } from 'hono'
import type { NewFile } from '../../db/queries/versions'
import { completeUploadsOf, consumeUploads } from '../../db/queries/uploads'
import type { AppEnv } from '../env'
import { safeStoredPath, storedPathChecker, UnsafePathError } from '../lib/file-path'
import { contentTypeOf } from '../services/publish-version'
import { uploadLimits } from './limits'
import { PublishRefused } from './refusal'
import type { UploadDirectory, UploadTree } from './requests'
import { archiveName, checkArchive, type CheckedArchive } from './unpack-archive'

/** Each token with the folder it goes in ('' for the root). */
function placed(tree: UploadTree) {
  const out: { token: string; folder: string }[] = []
  const walk = (dir: UploadDirectory, folder: string) => {
    for (const f of dir.files ?? []) out.push({ token: f.token, folder })
    for (const sub of dir.directories ?? []) walk(sub, folder ? `${folder}/${sub.name}` : sub.name)
  }
  walk({ name: '', files: tree.files, directories: tree.directories }, '')
  return out
}

/** The files a create call names: uploads to consume, or one archive.zip already checked. */
export type UploadedFiles =
  | { kind: 'files'; tokens: string[]; files: NewFile[] }
  | { kind: 'archive'; checked: CheckedArchive }

export async function uploadedFiles(
  c: Context<AppEnv>,
  userId: number,
  tree: UploadTree,
): Promise<UploadedFiles> {
  const limits = uploadLimits(c.env)
  const entries = placed(tree)
  if (!entries.length) throw new PublishRefused('a version needs at least one file', 400)
  if (entries.length > limits.maxFilesPerVersion)
    throw new PublishRefused(
      `a version holds at most ${limits.maxFilesPerVersion} files, this one ${entries.length}`,
      400,
    )
  const tokens = entries.map((e) => e.token)
  if (new Set(tokens).size !== tokens.length)
    throw new PublishRefused('an upload token is named twice', 400)
  const sessions = new Map(
    (await completeUploadsOf(c.var.db, userId, tokens)).map((s) => [s.token, s]),
  )
  if (sessions.size !== tokens.length)
    throw new PublishRefused(
      'an upload token is unknown, unfinished, already used or not yours',
      400,
    )
  const only = sessions.get(entries[0]!.token)!
  // kagglehub's folder of more than 50 files: one archive.zip at the root, checked here and
  // unpacked when the version is published (publish-archive.ts)
  if (entries.length === 1 && !entries[0]!.folder && only.fileName === archiveName)
    return { kind: 'archive', checked: await checkArchive(c, userId, only) }
  const check = storedPathChecker()
  const files: NewFile[] = []
  let total = 0
  for (const { token, folder } of entries) {
    const session = sessions.get(token)!
    let path: string
    try {
      path = safeStoredPath(folder ? `${folder}/${session.fileName}` : session.fileName)
      check(path)
    } catch (err) {
      if (err instanceof UnsafePathError)
        throw new PublishRefused(`unsafe file name: ${err.message}`, 400)
      throw err
    }
    total += session.contentLength
    files.push({
      path,
      size: session.contentLength,
      sha256: session.sha256!,
      md5: session.md5,
      contentType: contentTypeOf(path),
      r2Key: session.r2Key,
    })
  }
  if (total > limits.maxVersionBytes)
    throw new PublishRefused(
      `a version holds at most ${limits.maxVersionBytes} bytes, this one ${total}`,
      413,
    )
  return { kind: 'files', tokens, files }
}

/** Takes the tokens for this version; refused when another create took one meanwhile. */
export async function consume(c: Context<AppEnv>, userId: number, tokens: string[]) {
  if (!(await consumeUploads(c.var.db, userId, tokens)))
    throw new PublishRefused('an upload token was used by another create call', 400)
}
