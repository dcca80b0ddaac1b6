// The URL forms of the pages the Worker draws from a lazy page module, each written once: the
// Worker tells with them which pages it draws (routes/pages.ts), the server render what to fetch
// before drawing (web/src/server-prefetch.ts), the build which chunks to preload (vite.config.ts).

/**
 * The model page's URL forms, `/models/:owner/:model[/:framework[/:variation[/:version]]]`,
 * capturing each (undecoded). The one copy: the Worker tells with it which pages it draws
 * (routes/pages.ts), and the server render what to fetch before drawing (web/src/server-prefetch.ts).
 */
export const modelPagePath =
  /^\/models\/([^/]+)\/([^/]+)(?:\/([^/]+)(?:\/([^/]+)(?:\/(\d+))?)?)?\/?$/

/** An owner page, `/owners/:owner`, capturing the owner (undecoded). */
export const ownerPagePath = /^\/owners\/([^/]+)\/?$/
