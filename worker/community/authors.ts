import type { AuthorRow } from '../../db/queries/discussions'
import type { ApiPostAuthor } from '../api-types'

/** A post's author for the API: a deleted account shows as "deleted user", with no link. */
export function toApiAuthor(author: AuthorRow): ApiPostAuthor {
  if (author.deletedAt) return { slug: null, name: 'deleted user' }
  return {
    slug: author.slug,
    name: author.displayName,
    ...(author.avatarUrl ? { imageUrl: author.avatarUrl } : {}),
  }
}
