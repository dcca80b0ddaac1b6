/**
 * The model page's URL forms, `/models/:owner/:model[/:framework[/:variation[/:version]]]`,
 * capturing each (undecoded). The one copy: the Worker tells with it which pages it draws
 * (routes/pages.ts), and the server render what to fetch before drawing (web/src/server-prefetch.ts).
 */
export const modelPagePath =
  /^\/models\/([^/]+)\/([^/]+)(?:\/([^/]+)(?:\/([^/]+)(?:\/(\d+))?)?)?\/?$/
