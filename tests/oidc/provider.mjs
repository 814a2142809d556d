// A real OpenID provider (oidc-provider, a certified implementation) on 127.0.0.1 for Parley's single sign-on tests.
//
//   node provider.mjs <port> <clientId> <clientSecret> <redirectUri>[,<redirectUri>…]
//
// Prints "ready <issuer>" once listening. Sign-in is a minimal form at /interaction/<uid>: a user name (alice, bob,
// carol, or any other name, which becomes a plain account) and a "Sign in" or "Cancel" button (Cancel answers
// access_denied). There is no consent step: the client is trusted with the scopes it asks for.
//
// Test hooks (loopback only, for tests that need a misbehaving provider):
//   POST /_test/tamper-next-id-token   the next token response carries an id_token with one signature byte flipped.
import http from 'node:http';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirects] = process.argv.slice(2);
if (!port || !clientId || !clientSecret || !redirects) {
  console.error('usage: node provider.mjs <port> <clientId> <clientSecret> <redirectUri>[,<redirectUri>…]');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

const people = {
  alice: { name: 'Alice Adams', email: 'alice@idp.test', groups: ['parley-admins', 'staff'] },
  bob: { name: 'Bob Brown', email: 'bob@idp.test', groups: ['staff'] },
  carol: { name: 'Carol Clark', email: 'carol@idp.test', groups: ['parley-mods'] },
};
const personOf = (id) => people[id] ?? { name: id, email: `${id}@idp.test`, groups: [] };

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirects.split(','),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  scopes: ['openid', 'profile', 'email', 'groups'],
  // The id token carries the scopes' claims (Parley reads the user's name and groups from it).
  conformIdTokenClaims: false,
  cookies: { keys: ['parley-test-provider-cookie-key'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  async findAccount(_ctx, id) {
    const person = personOf(id);
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, name: person.name, email: person.email, email_verified: true, groups: person.groups };
      },
    };
  },
  // No consent screen: every scope and claim the client asked for is granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email groups');
    grant.addOIDCClaims(['sub', 'name', 'preferred_username', 'email', 'email_verified', 'groups']);
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const readForm = async (req) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
};

let tamperNext = false;
const callback = provider.callback();

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (req.method === 'POST' && url.pathname === '/_test/tamper-next-id-token') {
      tamperNext = true;
      res.writeHead(204).end();
      return;
    }
    const interaction = url.pathname.match(/^\/interaction\/([\w-]+)$/);
    if (interaction) {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html><head><title>Test IdP: sign in</title></head><body>
<h1>Test IdP</h1><p>Signing in to ${escape(details.params.client_id)}</p>
<form method="post" action="/interaction/${escape(details.uid)}">
<label>User name <input name="login" autocomplete="off" required></label>
<button type="submit" name="action" value="login">Sign in</button>
<button type="submit" name="action" value="deny" formnovalidate>Cancel</button>
</form></body></html>`);
        return;
      }
      const form = await readForm(req);
      const result = form.get('action') === 'deny'
        ? { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }
        : { login: { accountId: (form.get('login') || '').trim() || 'nobody' } };
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      return;
    }
    if (url.pathname === '/token' && tamperNext) {
      tamperNext = false;
      tamperIdToken(res);
    }
    callback(req, res);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(err?.message ?? err));
  }
});

/** Flips one byte of the id_token's signature on its way out: a token altered in transit, its signature no longer valid. */
function tamperIdToken(res) {
  const end = res.end.bind(res);
  const write = res.write.bind(res);
  const chunks = [];
  res.write = (chunk) => { chunks.push(Buffer.from(chunk)); return true; };
  res.end = (chunk, ...rest) => {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const [header, payload, signature] = body.id_token.split('.');
    const flipped = (signature[5] === 'A' ? 'B' : 'A');
    body.id_token = [header, payload, signature.slice(0, 5) + flipped + signature.slice(6)].join('.');
    const out = Buffer.from(JSON.stringify(body));
    res.setHeader('content-length', out.length);
    void write;
    return end(out, ...rest.filter((r) => typeof r === 'function'));
  };
}

server.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
