import { createHash, randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { defineConfig, type Plugin, type Rollup } from 'vite'
import solid from 'vite-plugin-solid'
import { ownerPagePath } from './worker/lib/page-paths'
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
 * The pages the Worker draws on the server from a lazy chunk: opened directly, each hydrates only
 * once its chunk and the chunks that chunk imports (the markdown renderer), and theirs, have loaded, and the
 * router asks for them only once the app's entry has loaded and run. The build's own dependency
 * preloading is off (`modulePreload: false`: its file lists would sit in the landing's entry
 * chunk), so the browser would learn of the imports only from the page's chunk.
 */
const serverDrawnLazyPages = [
  { url: modelPageUrl, page: '/src/pages/model/index.tsx' },
  { url: ownerPagePath, page: '/src/pages/owner-page.tsx' },
]

/** A chunk and every chunk it imports statically, directly or through others. */
function importsOf(fileName: string, bundle: Rollup.OutputBundle, seen = new Set<string>()) {
  const chunk = bundle[fileName]
  if (seen.has(fileName) || chunk?.type !== 'chunk') return seen
  seen.add(fileName)
  for (const imported of chunk.imports) importsOf(imported, bundle, seen)
  return seen
}

/**
 * Has the browser fetch a server-drawn lazy page's chunks beside the entry: a script in <head>
 * that adds <link rel="modulepreload"> for them on that page's URLs, and only there.
 */
function preloadServerDrawnPages(): Plugin {
  return {
    name: 'modelport:preload-server-drawn-pages',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).flatMap((c) =>
          c.type === 'chunk' ? [c] : [],
        )
        const entry = chunks.find((c) => c.isEntry)
        if (!entry) throw new Error('preloadServerDrawnPages: no entry chunk')
        const loadedWithEntry = new Set([entry.fileName, ...entry.imports])
        const branches = serverDrawnLazyPages.map(({ url, page }) => {
          const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(page))
          if (!chunk) throw new Error(`preloadServerDrawnPages: no chunk for ${page}`)
          const files = [...importsOf(chunk.fileName, ctx.bundle!)]
            .filter((f) => !loadedWithEntry.has(f))
            .map((f) => `/${f}`)
          return `if (${url}.test(location.pathname)) files = ${JSON.stringify(files)}`
        })
        return [
          {
            tag: 'script',
            injectTo: 'head-prepend',
            children: `var files = []
      ${branches.join('\n      else ')}
      files.forEach(function (href) {
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

/**
 * The security headers of every static asset (docs/security.md), written to `_headers` in the
 * build output, which Workers static assets apply under `wrangler dev` and in production alike.
 * index.html's inline scripts are allowed by their sha256, computed here from the built file,
 * so the CSP has no 'unsafe-inline' for scripts and cannot drift from the HTML.
 */
function securityHeaders(): Plugin {
  let outDir = ''
  return {
    name: 'modelport:security-headers',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    writeBundle() {
      const html = readFileSync(path.join(outDir, 'index.html'), 'utf8')
      const hashes = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
        (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
      )
      const csp = [
        "default-src 'self'",
        `script-src 'self' ${hashes.join(' ')}`,
        // Solid writes static style attributes into its templates; no script runs from a style
        "style-src 'self' 'unsafe-inline'",
        // model cards show images from other hosts (markdown sanitized by js-xss, web/src/lib/sanitize.ts)
        "img-src 'self' https: data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; ')
      // The notebook runner's chunk (web/src/notebook-runtime) is imported by a worker in the
      // sandboxed frame (worker/notebooks/runner-frame.ts), whose opaque origin reads it by CORS;
      // that worker runs under the frame's CSP. Opened as a worker script of its own, the chunk
      // gets eval and nothing else (no inline script, no other origin, no DOM).
      const runnerCsp = [
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval'",
        "connect-src 'self'",
      ].join('; ')
      const headers = [
        '/*',
        `  Content-Security-Policy: ${csp}`,
        '  X-Content-Type-Options: nosniff',
        '  Referrer-Policy: strict-origin-when-cross-origin',
        '  X-Frame-Options: DENY',
        '  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()',
        `/${runnerDir}/*`,
        '  ! Content-Security-Policy',
        `  Content-Security-Policy: ${runnerCsp}`,
        '  Access-Control-Allow-Origin: *',
        '',
      ]
      writeFileSync(path.join(outDir, '_headers'), headers.join('\n'))
    },
  }
}

/**
 * The pages the Worker never draws (worker/routes/pages.ts `serverRendered`): the server build
 * gets a placeholder for each instead of the page, so it leaves out their code (the notebook
 * editor's CodeMirror above all). The placeholder draws what the browser shows while a lazy page
 * is loading (the layout's Suspense fallback), should a server render ever reach one.
 */
const clientOnlyPages =
  /\/web\/src\/pages\/(?:account|admin-page|compare|notebook|notebook-edit|publish|suggest-page|topic|user-page)(?:\/|\.tsx|$)/
const clientOnlyPlaceholder = '\0modelport:client-only-page'

function clientOnlyPagesOnServer(): Plugin {
  const loading = path.resolve(import.meta.dirname, 'web/src/components/status-notices.tsx')
  return {
    name: 'modelport:client-only-pages-on-server',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer?.endsWith('/web/src/routes.tsx') || !source.startsWith('./pages/')) return null
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
      return resolved && clientOnlyPages.test(resolved.id) ? clientOnlyPlaceholder : null
    },
    load(id) {
      if (id !== clientOnlyPlaceholder) return null
      return [
        "import { createComponent } from 'solid-js'",
        `import { Loading } from ${JSON.stringify(loading)}`,
        'export default function ClientOnlyPage() { return createComponent(Loading, {}) }',
      ].join('\n')
    },
  }
}

/** Where the notebook runner's worker and its chunks go, for their own CSP in `_headers`. */
const runnerDir = 'assets/runner'

/**
 * `vite build` is the browser's SPA (dist/web); `vite build --ssr` the server build of the same
 * app (dist/ssr/entry-server.js) that the Worker imports to draw pages (docs/ssr.md): one module,
 * every dependency bundled in, for workerd.
 */
export default defineConfig(({ isSsrBuild }) =>
  isSsrBuild
    ? {
        root: 'web',
        plugins: [clientOnlyPagesOnServer(), solid({ ssr: true })],
        // this build's id, in the Worker's page cache key (worker/pages/build-id.ts)
        define: { __MODELPORT_SERVER_BUILD__: JSON.stringify(randomUUID()) },
        // bundled whole, no import left for wrangler or workerd to resolve at run time
        // (solid-js's "worker" export is its server renderer; the "webworker" target inlines the
        // lazy pages' dynamic imports into the one file, the pages it never draws as placeholders)
        ssr: {
          noExternal: true,
          target: 'webworker',
          resolve: { conditions: ['worker', 'import', 'module', 'default'] },
        },
        build: {
          outDir: '../dist/ssr',
          emptyOutDir: true,
          minify: false,
          rollupOptions: {
            input: path.resolve(import.meta.dirname, 'web/src/entry-server.tsx'),
          },
        },
      }
    : {
        root: 'web',
        // hydratable: the client takes over the Worker's markup (index.tsx)
        plugins: [
          solid({ ssr: true }),
          modelPageUrlInHtml(),
          preloadServerDrawnPages(),
          securityHeaders(),
        ],
        build: {
          outDir: '../dist/web',
          emptyOutDir: true,
          // no dependency lists for lazy chunks in the entry (preloadServerDrawnPages does it for the
          // pages drawn on the server; a page reached in the app fetches its imports on arrival)
          modulePreload: false,
          rolldownOptions: {
            // What the entry imports statically is loaded on every first view anyway: one chunk
            // (gzip's window spans it all) instead of the three common chunks rolldown splits off
            output: { codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] } },
          },
        },
        worker: {
          format: 'es',
          rollupOptions: {
            output: {
              entryFileNames: (chunk) =>
                chunk.name.startsWith('runner.worker')
                  ? `${runnerDir}/[name]-[hash].js`
                  : 'assets/[name]-[hash].js',
            },
          },
        },
        // `npm run dev:web` on :5173 proxies API calls to `npm run dev` on :8787
        server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
      },
)
