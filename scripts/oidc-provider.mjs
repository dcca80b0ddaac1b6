// A real OpenID Connect provider on this machine (the `oidc-provider` package, with its
// development login form: any username signs in), for the "Sign in with …" tests and for trying
// the flow by hand:
//   node scripts/oidc-provider.mjs        # then start Modelport with the OIDC_* vars it prints
import Provider from 'oidc-provider'

export const oidcClient = { clientId: 'modelport', clientSecret: 'modelport-test-secret' }

/** Every account signs in with its username; its email and name follow from it. */
function findAccount(_ctx, id) {
  return {
    accountId: id,
    claims: () => ({
      sub: `subject-${id}`,
      email: id.includes('@') ? id : `${id}@oidc.example.test`,
      email_verified: !id.startsWith('unverified'),
      name: `OIDC ${id}`,
      preferred_username: id,
    }),
  }
}

/**
 * Starts the provider on 127.0.0.1 (`port` 0: any free one) for clients redirecting to any of
 * `redirectUris`. Answers its issuer URL and the variables Modelport needs.
 */
export async function startOidcProvider({ port = 0, redirectUris }) {
  const { createServer } = await import('node:http')
  const server = createServer()
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${server.address().port}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: oidcClient.clientId,
        client_secret: oidcClient.clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    findAccount,
    pkce: { required: () => true },
    cookies: { keys: ['modelport-oidc-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  })
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider:', err))
  server.on('request', provider.callback())
  return {
    issuer,
    server,
    vars: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: oidcClient.clientId,
      OIDC_CLIENT_SECRET: oidcClient.clientSecret,
      OIDC_NAME: 'Local OIDC',
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const origin = process.env.MODELPORT_ORIGIN ?? 'http://127.0.0.1:8787'
  const { vars } = await startOidcProvider({
    port: Number(process.env.PORT ?? 8799),
    redirectUris: [`${origin}/api/v1/auth/oidc/callback`],
  })
  console.log('OIDC provider running; start Modelport with these in .dev.vars:')
  for (const [name, value] of Object.entries(vars)) console.log(`${name}=${value}`)
}
