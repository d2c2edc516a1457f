// A real OpenID Provider for the sign-in tests: panva's oidc-provider with its dev interactions.
// Usage: node server.mjs '<json settings>'; prints "listening <port>" once it accepts requests.
// Settings: {client_id, client_secret, redirect_uris, accounts: {id: claims}, clock_offset,
//            id_token_ttl}. clock_offset (seconds) shifts the provider's clock, so a negative
//            one makes tokens that have already expired when they arrive.
import http from 'node:http';

import Provider from 'oidc-provider';

const settings = JSON.parse(process.argv[2] || '{}');
const offsetMs = (settings.clock_offset || 0) * 1000;
if (offsetMs) {
  const realNow = Date.now;
  Date.now = () => realNow() + offsetMs;
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = settings.accounts || {};
  const provider = new Provider(issuer, {
    clients: [{
      client_id: settings.client_id,
      client_secret: settings.client_secret,
      redirect_uris: settings.redirect_uris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'hd', 'tid'],
    },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { IdToken: settings.id_token_ttl || 3600 },
    cookies: { keys: ['test-only-cookie-key'] },
    async findAccount(ctx, id) {
      const claims = accounts[id];
      if (!claims) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...claims }; } };
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`listening ${port}\n`);
});
