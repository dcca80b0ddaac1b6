import type { Server } from 'node:http'

export const tfhubDir: string
export const demoDir: string
export const tfhubCommit: string
export function readTfhubSnapshot(dir?: string): Promise<Map<string, Buffer>>
export function buildGithubArchive(files: Map<string, Buffer>, commit?: string, folder?: string): Buffer
export function startSourceServer(options?: { port?: number; archives?: Record<string, Buffer> }): Promise<{
  origin: string
  server: Server
  requestCount: () => number
  close: () => Promise<void>
}>
