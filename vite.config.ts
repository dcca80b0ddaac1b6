import { defineConfig, type Plugin } from 'vite'
import solid from 'vite-plugin-solid'
import { modelPageUrl } from './web/src/boot/model-page-url'

/** index.html's early fetch script matches model page URLs with web/src/boot/model-page-url.ts. */
function modelPageUrlInHtml(): Plugin {
  const placeholder = '/%MODEL_PAGE_URL%/'
  return {
    name: 'modelport:model-page-url',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(placeholder))
          throw new Error(`modelPageUrlInHtml: no ${placeholder} in index.html`)
        return html.replaceAll(placeholder, String(modelPageUrl))
      },
    },
  }
}

/**
 * A model page opened directly cannot draw its card before its own chunk and the chunks that
 * chunk imports (the markdown renderer) have loaded, and the router asks for them only once the
 * app's entry has loaded and run. This has the browser fetch them beside the entry: a script in
 * <head> that adds <link rel="modulepreload"> for them on model page URLs, and only there.
 */
function preloadModelPage(): Plugin {
  return {
    name: 'modelport:preload-model-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).flatMap((c) =>
          c.type === 'chunk' ? [c] : [],
        )
        const page = chunks.find((c) => c.facadeModuleId?.endsWith('/src/pages/model/index.tsx'))
        const entry = chunks.find((c) => c.isEntry)
        if (!page || !entry)
          throw new Error(
            'preloadModelPage: no chunk for the entry or for src/pages/model/index.tsx',
          )
        const loadedWithEntry = new Set([entry.fileName, ...entry.imports])
        const files = [page.fileName, ...page.imports]
          .filter((f) => !loadedWithEntry.has(f))
          .map((f) => `/${f}`)
        return [
          {
            tag: 'script',
            injectTo: 'head-prepend',
            children: `if (${modelPageUrl}.test(location.pathname)) ${JSON.stringify(files)}.forEach(function (href) {
        var link = document.createElement('link')
        link.rel = 'modulepreload'
        link.crossOrigin = ''
        link.href = href
        document.head.appendChild(link)
      })`,
          },
        ]
      },
    },
  }
}

export default defineConfig({
  root: 'web',
  plugins: [solid(), modelPageUrlInHtml(), preloadModelPage()],
  build: { outDir: '../dist/web', emptyOutDir: true },
  // `npm run dev:web` on :5173 proxies API calls to `npm run dev` on :8787
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
})
