import { createEffect } from 'solid-js'

/** Keeps `document.title` as '<title> · Modelport' while the calling page is shown. */
export function useDocumentTitle(title: () => string | undefined) {
  createEffect(() => {
    const t = title()
    document.title = t ? `${t} · Modelport` : 'Modelport'
  })
}
