// Slugs of models and variations as the server takes them (worker/publish/slug.ts): lower-case
// letters and digits, with -, _ and . inside, at most 50 characters.

/** A slug suggested from a title: "My BERT (small)" → "my-bert-small". */
export const slugOf = (title: string) =>
  title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '')

/** Why a slug would be refused, or undefined when it is fine. */
export function slugProblem(slug: string) {
  if (!slug) return 'Enter a slug.'
  if (slug.length > 50) return 'At most 50 characters.'
  if (!/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/.test(slug))
    return 'Lower-case letters and digits, with -, _ or . inside.'
  return undefined
}
