import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

// Runs before every test file. Migrations already recorded in the database are skipped,
// so running it again is harmless.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
