import { createEffect, onCleanup } from 'solid-js'
import { isServer } from 'solid-js/web'

const defaultDescription =
  'Modelport: find pre-trained machine learning models, read their model cards and download the files.'

function descriptionTag() {
  let tag = document.querySelector<HTMLMetaElement>('meta[name="description"]')
  if (!tag) {
    tag = document.createElement('meta')
    tag.name = 'description'
    document.head.append(tag)
  }
  return tag
}

/**
 * Keeps `document.title` ('<title> · Modelport') and the meta description in step with the
 * calling page; the description goes back to the site's own when the page goes.
 */
export function useDocumentMeta(meta: () => { title?: string; description?: string }) {
  createEffect(() => {
    const { title, description } = meta()
    document.title = title ? `${title} · Modelport` : 'Modelport'
    descriptionTag().content = description?.trim() || defaultDescription
  })
  // a server render has no document; the Worker writes the page's head (worker/pages/head.ts)
  onCleanup(() => {
    if (!isServer) descriptionTag().content = defaultDescription
  })
}

/** Keeps `document.title` as '<title> · Modelport' while the calling page is shown. */
export function useDocumentTitle(title: () => string | undefined) {
  useDocumentMeta(() => ({ title: title() }))
}
