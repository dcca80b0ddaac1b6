import type { Server } from 'node:http'

export const oidcClient: { clientId: string; clientSecret: string }
export function startOidcProvider(options: { port?: number; redirectUris: string[] }): Promise<{
  issuer: string
  server: Server
  vars: {
    OIDC_ISSUER: string
    OIDC_CLIENT_ID: string
    OIDC_CLIENT_SECRET: string
    OIDC_NAME: string
  }
  close: () => Promise<void>
}>
