// The server build of the SPA (package.json "imports": #ssr is dist/ssr/entry-server.js, written
// by `vite build --ssr`; docs/ssr.md). Its entry is web/src/entry-server.tsx.
declare module '#ssr' {
  export const renderPage: import('./ssr-contract').RenderPage
  /** the server build's id, set by `vite build --ssr` */
  export const buildId: string
}
