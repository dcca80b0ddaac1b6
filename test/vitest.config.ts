import { existsSync } from 'node:fs'
import path from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { build } from 'vite'
import solid from 'vite-plugin-solid'
import { defineConfig } from 'vitest/config'
import { startOidcProvider } from '../scripts/oidc-provider.mjs'
import { startSourceServer } from '../scripts/source-server.mjs'

const root = path.resolve(import.meta.dirname, '..')

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(root, 'db/migrations'))
  // the Worker serves its pages from the built index.html and draws them with the server build
  // (test/worker/pages.test.ts, docs/ssr.md): build each once when it is missing (about 3 s each)
  const configFile = path.join(root, 'vite.config.ts')
  if (!existsSync(path.join(root, 'dist/web/index.html')))
    await build({ configFile, logLevel: 'warn' })
  // the server build always: the hydration test (test/web/hydration.test.tsx) compares its markup
  // with the components as they are now
  await build({ configFile, logLevel: 'warn', build: { ssr: true } })
  // The upstreams (GitHub's tfhub.dev archive, the demo model files) are a real local server.
  const source = await startSourceServer()
  source.server.unref()
  // a real OpenID Connect provider for "Sign in with …" (test/worker/accounts-oidc.test.ts)
  const oidc = await startOidcProvider({
    redirectUris: ['https://modelport.test/api/v1/auth/oidc/callback'],
  })
  oidc.server.unref()
  return {
    test: {
      projects: [
        {
          root,
          plugins: [
            cloudflareTest({
              wrangler: { configPath: path.join(root, 'wrangler.toml') },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  SOURCE_ORIGIN: source.origin,
                  ...source.vars,
                  ...oidc.vars,
                  ADMIN_TOKEN: 'test-admin-token',
                  // test/worker/fuzz.test.ts: `npm run fuzz` sets 10,000 requests per route
                  FUZZ_PER_ROUTE: process.env.FUZZ_PER_ROUTE ?? '50',
                  FUZZ_SEED: process.env.FUZZ_SEED ?? '13',
                },
              },
            }),
          ],
          test: {
            name: 'worker',
            include: ['test/worker/**/*.test.ts'],
            setupFiles: ['test/worker/apply-migrations.ts'],
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
        {
          root,
          // hydratable DOM output, as the browser build's (test/web/hydration.test.tsx hydrates
          // server markup); not `ssr: true`, with which the plugin drops the "browser" condition
          plugins: [solid({ solid: { hydratable: true } })],
          resolve: { conditions: ['development', 'browser'] },
          test: { name: 'web', environment: 'jsdom', include: ['test/web/**/*.test.tsx'] },
        },
      ],
    },
  }
})
