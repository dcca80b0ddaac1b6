// Colours code blocks only as they come near the viewport: a 1,000-cell notebook highlights the
// few screens around where you read, not 40,000 lines at once. The highlighter (highlight.js) is
// loaded after the first paint, on the first block that needs it.

type Highlight = typeof import('./highlight')

const afterPaint = () =>
  new Promise<void>((resolve) =>
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame(() => setTimeout(resolve, 0))
      : setTimeout(resolve, 0),
  )

/** How far outside the viewport a block is coloured ahead of scrolling to it. */
const ahead = '1200px 0px'

export interface LazyHighlighter {
  /** colours the `pre > code` blocks under `element` once it nears the viewport */
  observe(element: Element): void
  dispose(): void
}

export function lazyHighlighter(): LazyHighlighter {
  let module: Highlight | undefined
  let loading: Promise<void> | undefined
  let disposed = false
  const waiting = new Set<Element>()

  const colour = (element: Element) => {
    if (module) return module.highlightWithin(element)
    waiting.add(element)
    loading ??= afterPaint()
      .then(() => import('./highlight'))
      .then((m) => {
        module = m
        if (disposed) return
        for (const e of waiting) m.highlightWithin(e)
        waiting.clear()
      })
  }

  // without IntersectionObserver (old browsers, jsdom), every block is coloured after paint
  const observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              if (!entry.isIntersecting) continue
              observer!.unobserve(entry.target)
              colour(entry.target)
            }
          },
          { rootMargin: ahead },
        )
      : undefined

  return {
    observe: (element) => (observer ? observer.observe(element) : colour(element)),
    dispose: () => {
      disposed = true
      observer?.disconnect()
      waiting.clear()
    },
  }
}
