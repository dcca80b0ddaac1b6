import type { Db } from '../db/client'

export interface AppEnv {
  Bindings: Env
  Variables: { db: Db }
}
