// sitemap.xml and robots.txt for the catalog (docs/ssr.md, "Crawlers"). A sitemap file holds at
// most 50,000 URLs, so past one part /sitemap.xml becomes an index of /sitemap.xml?part=N.
import type { Db } from '../../db/client'
import { countSitemapModels, listSitemapModels, listSitemapOwners } from '../../db/queries/sitemap'
import { escapeHtml } from './escape'

/** models per part; part 1 also lists the landing page and up to `ownersInPart1` owners */
const modelsPerPart = 40_000
const ownersInPart1 = 9_000

const xmlHead = '<?xml version="1.0" encoding="UTF-8"?>\n'
const ns = 'http://www.sitemaps.org/schemas/sitemap/0.9'
const seg = encodeURIComponent

function urlEntry(loc: string, lastmod?: number) {
  const mod = lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : ''
  return `<url><loc>${escapeHtml(loc)}</loc>${mod}</url>`
}

/** The sitemap, or one part of it; undefined for a part that does not exist. */
export async function sitemapXml(db: Db, origin: string, part?: number) {
  const parts = Math.max(1, Math.ceil((await countSitemapModels(db)) / modelsPerPart))
  if (part === undefined && parts > 1) {
    const entries = Array.from(
      { length: parts },
      (_, i) =>
        `<sitemap><loc>${escapeHtml(`${origin}/sitemap.xml?part=${i + 1}`)}</loc></sitemap>`,
    )
    return `${xmlHead}<sitemapindex xmlns="${ns}">\n${entries.join('\n')}\n</sitemapindex>\n`
  }
  const n = part ?? 1
  if (n < 1 || n > parts) return undefined
  const entries: string[] = []
  if (n === 1) {
    entries.push(urlEntry(`${origin}/models`))
    for (const o of await listSitemapOwners(db, ownersInPart1))
      entries.push(urlEntry(`${origin}/owners/${seg(o.owner)}`))
  }
  for (const m of await listSitemapModels(db, (n - 1) * modelsPerPart, modelsPerPart))
    entries.push(urlEntry(`${origin}/models/${seg(m.owner)}/${seg(m.model)}`, m.updatedAt))
  return `${xmlHead}<urlset xmlns="${ns}">\n${entries.join('\n')}\n</urlset>\n`
}

/** Crawlers may read the catalog's pages, not the API, the account or the admin pages. */
export function robotsTxt(origin: string) {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /api/',
    'Disallow: /v1/',
    'Disallow: /admin',
    'Disallow: /account',
    'Disallow: /signin',
    'Disallow: /signup',
    'Disallow: /suggest',
    'Disallow: /notebook-runner/',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n')
}
