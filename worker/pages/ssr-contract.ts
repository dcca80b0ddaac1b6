// What the Worker (worker/pages/ssr.ts) and the server build of the SPA (web/src/entry-server.tsx)
// exchange: both sides import this file, so the two builds cannot drift apart.

interface RenderRequest {
  /** the page's path and query string */
  url: string
  /** the request's origin, for the addresses the page writes (starter code) */
  origin: string
  /** answers the app's `/api/v1/...` requests in-process, for the caller as signed in */
  fetch: (url: string, init: RequestInit) => Promise<Response>
  /** the CSP nonce of this response, for the scripts that carry the page's data */
  nonce: string
}

export interface RenderedPage {
  /** the app's markup, for inside `#root`, with the scripts that carry the data it was drawn from */
  html: string
  /** Solid's hydration script, for `<head>` (it defines what the data scripts fill) */
  head: string
  /** how many times the app was drawn until its data was all there */
  passes: number
}

export type RenderPage = (request: RenderRequest) => Promise<RenderedPage>
