// The publishing limits, from wrangler.toml [vars] (README, "Publishing"); a missing or
// malformed value falls back to the default here.

export interface UploadLimits {
  maxFileBytes: number
  maxVersionBytes: number
  maxFilesPerVersion: number
  userQuotaBytes: number
  /** how long an unfinished upload may wait before the cron removes it */
  uploadTtlMs: number
  /** a version (an archive.zip: unpacked) up to this size is published before the call answers */
  inlinePublishBytes: number
}

const GiB = 1024 ** 3

type LimitVars = Partial<
  Record<
    | 'UPLOAD_MAX_FILE_BYTES'
    | 'UPLOAD_MAX_VERSION_BYTES'
    | 'UPLOAD_MAX_FILES_PER_VERSION'
    | 'UPLOAD_USER_QUOTA_BYTES'
    | 'UPLOAD_TTL_HOURS'
    | 'PUBLISH_INLINE_BYTES',
    unknown
  >
>

const positive = (value: unknown, fallback: number) => {
  const n = Number(value)
  return Number.isSafeInteger(n) && n > 0 ? n : fallback
}

export function uploadLimits(env: LimitVars): UploadLimits {
  return {
    maxFileBytes: positive(env.UPLOAD_MAX_FILE_BYTES, 20 * GiB),
    maxVersionBytes: positive(env.UPLOAD_MAX_VERSION_BYTES, 50 * GiB),
    maxFilesPerVersion: positive(env.UPLOAD_MAX_FILES_PER_VERSION, 1000),
    userQuotaBytes: positive(env.UPLOAD_USER_QUOTA_BYTES, 100 * GiB),
    uploadTtlMs: positive(env.UPLOAD_TTL_HOURS, 24) * 3600_000,
    inlinePublishBytes: positive(env.PUBLISH_INLINE_BYTES, 64 * 1024 ** 2),
  }
}
