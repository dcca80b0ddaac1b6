// GET /notebook-runner/frame: the sandboxed frame the notebook viewer runs cells in
// (worker/notebooks/runner-frame.ts, docs/notebooks.md "Trust").
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { runnerFrame } from '../notebooks/runner-frame'
import { newNonce } from '../pages/nonce'

const notebookRunner = new Hono<AppEnv>().get('/notebook-runner/frame', (c) => {
  const { html, headers } = runnerFrame(new URL(c.req.url).origin, newNonce())
  return c.body(html, 200, headers)
})

export default notebookRunner
