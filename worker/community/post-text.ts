// The words of a post (a topic, a reply, a notebook comment), as every thread takes them.
import { z } from 'zod'

export const discussionLimits = {
  title: { min: 3, max: 200 },
  body: { min: 1, max: 20_000 },
  reply: { min: 1, max: 10_000 },
  reason: { min: 1, max: 1000 },
} as const

/** Markdown is kept as written; only surrounding whitespace goes, and NUL which nothing needs. */
export const postText = (limits: { min: number; max: number }) =>
  z
    .string()
    .transform((s) => s.replace(/\0/g, '').trim())
    .pipe(z.string().min(limits.min).max(limits.max))

/** A title is one line. */
export const postTitle = z
  .string()
  .transform((s) => s.replace(/[\0\r\n\t]+/g, ' ').trim())
  .pipe(z.string().min(discussionLimits.title.min).max(discussionLimits.title.max))
