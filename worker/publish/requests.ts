// The bodies of the publishing calls, one schema for both generations of Kaggle's clients
// (docs/publishing.md): RPC sends camelCase without default values, the CLI 1.7 lower-cased
// keys (legacy-body.ts) and booleans as "true"/"false".
import { z } from 'zod'

const text = (max = 200) => z.string().max(max).default('')
const flag = z
  .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
  .optional()
const byteCount = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d{1,16}$/, 'must be an integer')
      .transform(Number),
  ])
  .pipe(
    z
      .number()
      .int('must be an integer')
      .min(0, 'must not be negative')
      .max(2 ** 53 - 1),
  )
  .default(0)

export const startUploadRequest = z.object({
  type: text(40),
  name: z.string().min(1, 'required').max(255),
  contentLength: byteCount,
  contentType: text(),
  // Modelport's addition: the file's sha256, checked when the last byte is in
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
    .transform((v) => v.toLowerCase())
    .optional(),
})

export const createModelRequest = z.object({
  ownerSlug: text(),
  slug: text(),
  title: text(),
  subtitle: text(),
  isPrivate: flag,
  description: text(50_000),
})

export const updateModelRequest = z.object({
  title: text(),
  subtitle: text(),
  isPrivate: flag,
  description: text(50_000),
})

const fileToken = z.object({ token: z.string().min(1).max(200) })

export interface UploadDirectory {
  name: string
  files?: { token: string }[]
  directories?: UploadDirectory[]
}

const directory: z.ZodType<UploadDirectory> = z.lazy(() =>
  z.object({
    name: z.string().max(255),
    files: z.array(fileToken).max(10_000).optional(),
    directories: z.array(directory).max(10_000).optional(),
  }),
)

const uploadTree = {
  files: z.array(fileToken).max(10_000).default([]),
  directories: z.array(directory).max(10_000).default([]),
}

export const createInstanceRequest = z.object({
  instanceSlug: text(),
  framework: text(),
  licenseName: text(),
  overview: text(20_000),
  usage: text(50_000),
  fineTunable: flag,
  // 'owner/model/framework/instance' of the variation this one derives from; '' is unset (the CLI)
  baseModelInstance: text(),
  ...uploadTree,
})

// absent fields are left as they are; the CLI sends overview and usage always
export const updateInstanceRequest = z.object({
  overview: z.string().max(20_000).optional(),
  usage: z.string().max(50_000).optional(),
  fineTunable: flag,
  licenseName: text(),
  baseModelInstance: text(),
})

export const createVersionRequest = z.object({
  versionNotes: text(20_000),
  ...uploadTree,
})

export type CreateModelRequest = z.infer<typeof createModelRequest>
export type CreateInstanceRequest = z.infer<typeof createInstanceRequest>
export type CreateVersionRequest = z.infer<typeof createVersionRequest>
export type UpdateInstanceRequest = z.infer<typeof updateInstanceRequest>
export type UploadTree = z.infer<z.ZodObject<typeof uploadTree>>
