import type { Server } from 'node:http'

export const tfhubDir: string
export const demoDir: string
export const tfhubCommit: string
export function readTfhubSnapshot(dir?: string): Promise<Map<string, Buffer>>
export function buildGithubArchive(
  files: Map<string, Buffer>,
  commit?: string,
  folder?: string,
): Buffer
export function buildTarGz(
  files: Map<string, Buffer>,
  options?: { folder?: string; comment?: string },
): Buffer
export function buildAssetArchive(folder: string): Promise<Buffer>
export function startSourceServer(options?: { port?: number }): Promise<{
  origin: string
  server: Server
  vars: {
    TFHUB_SOURCE_URL: string
    TFHUB_COMMIT_URL: string
    TFHUB_ASSET_ORIGIN: string
    DEMO_SOURCE_URL: string
  }
  close: () => Promise<void>
}>
