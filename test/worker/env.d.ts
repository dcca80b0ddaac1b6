import type { D1Migration } from 'cloudflare:test'

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[] // injected by test/vitest.config.ts
      SOURCE_ORIGIN: string // the local upstream server, test/vitest.config.ts
      FUZZ_PER_ROUTE?: string // requests per route of test/worker/fuzz.test.ts
      FUZZ_SEED?: string
    }
  }
}
