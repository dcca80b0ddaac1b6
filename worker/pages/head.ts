// What a page's first response says about it before any script runs: its status and the tags of
// <head> that crawlers and link previews read (docs/ssr.md, "Head").
import { escapeHtml, jsonForScript } from './escape'

const siteName = 'Modelport'
export const defaultDescription =
  'Modelport: find pre-trained machine learning models, read their model cards and download the files.'

export interface PageHead {
  status: 200 | 404
  /** the page's own title, without the site name */
  title: string
  description: string
  /** absolute URL */
  canonical: string
  /** search and filter pages are not indexed; their links are followed */
  noindex?: boolean
  /** absolute https/http URL of an image for link previews */
  image?: string
  ogType?: 'website' | 'profile' | 'article'
  /** schema.org data of the page */
  jsonLd?: Record<string, unknown>
}

/** The document title, as useDocumentMeta (web/src/lib/document-title.ts) writes it. */
const documentTitle = (title: string) => (title ? `${title} · ${siteName}` : siteName)

/** The tags for <head>, every value escaped. */
export function headTags(head: PageHead): string {
  const title = documentTitle(head.title)
  const meta = (attr: 'name' | 'property', key: string, content: string) =>
    `<meta ${attr}="${key}" content="${escapeHtml(content)}" />`
  const tags = [
    `<title>${escapeHtml(title)}</title>`,
    meta('name', 'description', head.description),
    `<link rel="canonical" href="${escapeHtml(head.canonical)}" />`,
    head.noindex || head.status !== 200 ? meta('name', 'robots', 'noindex, follow') : '',
    meta('property', 'og:site_name', siteName),
    meta('property', 'og:type', head.ogType ?? 'website'),
    meta('property', 'og:title', head.title || siteName),
    meta('property', 'og:description', head.description),
    meta('property', 'og:url', head.canonical),
    head.image ? meta('property', 'og:image', head.image) : '',
    meta('name', 'twitter:card', 'summary'),
    meta('name', 'twitter:title', head.title || siteName),
    meta('name', 'twitter:description', head.description),
    head.image ? meta('name', 'twitter:image', head.image) : '',
    head.jsonLd ? `<script type="application/ld+json">${jsonForScript(head.jsonLd)}</script>` : '',
  ]
  return tags.filter(Boolean).join('\n    ')
}
