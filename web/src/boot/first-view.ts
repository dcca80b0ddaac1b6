// Some views act on how the document was opened (a deep link, a reload), but only the first time
// they are shown: a later showing is an in-app navigation, which the router handles.

const shown = new Set<string>()

/** True the first time it is called with `view` in this document, false after that. */
export function firstShowing(view: string) {
  const first = !shown.has(view)
  shown.add(view)
  return first
}

/** How the browser opened this document (navigate, reload, back_forward), and at which URL. */
export function documentNavigation() {
  const [nav] = performance.getEntriesByType?.('navigation') ?? []
  return nav as PerformanceNavigationTiming | undefined
}
