// A real OpenID provider for the tests (oidc-provider 9.13): authorisation code flow with PKCE required,
// a login form that checks a password, groups in the ID token (as Microsoft Entra ID sends them), and
// RP-initiated logout. Nothing is fetched from outside this machine: every page is written here.
//
//   node tests/tools/oidc_provider.mjs CONFIG.json
//
// CONFIG.json: {"port": 5xxxx, "client": {client_id, client_secret, redirect_uris, post_logout_redirect_uris},
//               "users": {"<login>": {"password": "...", "claims": {"sub": "...", "groups": [...], ...},
//                                     "amr": ["pwd", "mfa"]}}}
// It prints "ready <issuer>" once it listens; tests/oidc_provider.py waits for discovery.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import * as querystring from 'node:querystring';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const bySub = new Map(Object.entries(config.users).map(([login, user]) => [user.claims.sub, { login, ...user }]));
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

const escape = (text) => String(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    ...config.client,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['test-provider-cookie-key'] },
  pkce: { required: () => true },
  // Entra ID puts the directory claims in the ID token; the portal reads them there.
  conformIdTokenClaims: false,
  acrValues: ['urn:test:mfa', 'urn:test:pwd'],
  claims: {
    openid: ['sub', 'oid', 'groups', 'roles', 'office', 'acr', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out of the test provider', `${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
      },
      postLogoutSuccessSource: async (ctx) => { ctx.body = page('Signed out', '<p>You are signed out.</p>'); },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // A first-party client, consented for by the organisation (as an Entra ID admin consent): no consent page.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  findAccount: async (ctx, sub) => {
    const user = bySub.get(sub);
    if (!user) return undefined;
    return { accountId: sub, claims: async () => ({ ...user.claims }) };
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Test provider error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});

function loginForm(uid, problem = '') {
  return page('Sign in to the test provider', `${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
<form method="post" action="/interaction/${uid}">
  <p><label for="login">Username</label> <input id="login" name="login" autocomplete="username" autofocus></p>
  <p><label for="password">Password</label> <input id="password" name="password" type="password"></p>
  <button type="submit">Sign in to the test provider</button>
</form>`);
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') {
    res.writeHead(501).end(`prompt ${details.prompt.name} is not handled`);
    return;
  }
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(uid));
    return;
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const { login, password } = querystring.parse(body);
  const user = config.users[login];
  if (!user || user.password !== password) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(uid, 'Wrong username or password.'));
    return;
  }
  await provider.interactionFinished(req, res, {
    login: { accountId: user.claims.sub, amr: user.amr || ['pwd', 'mfa'], acr: user.acr || 'urn:test:mfa' },
  }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(req.url.split('?')[0]);
  if (!match) {
    callback(req, res);
    return;
  }
  interaction(req, res, match[1]).catch((error) => {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
  });
});
server.listen(config.port, '127.0.0.1', () => { process.stdout.write(`ready ${issuer}\n`); });
process.on('SIGTERM', () => { server.close(); process.exit(0); });
