/** WebFinger, host-meta and NodeInfo over HTTP: what other servers read to find Flock's users. */
import t from 'tap';
import { call, http, signup, startServer } from './helpers/server.js';

t.test('discovery', async (t) => {
  const server = await startServer({ env: { FLOCK_INSTANCE_NAME: 'Flock test', FLOCK_MAINTAINER_NAME: 'Op' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const host = new URL(url).host;
  const alice = await signup(url, 'Alice');
  const actor = `${url}/users/${alice.id}`;
  const finger = (resource: string, init: RequestInit = {}) =>
    http(url, `/.well-known/webfinger?resource=${encodeURIComponent(resource)}`, init);

  await t.test('WebFinger finds a local user by acct, bare acct, profile URL and actor URL, in any case', async (t) => {
    for (const resource of [
      `acct:alice@${host}`,
      `acct:ALICE@${host.toUpperCase()}`,
      `alice@${host}`,
      `@Alice@${host}`,
      `${url}/@alice`,
      actor,
    ]) {
      const res = await finger(resource);
      t.equal(res.status, 200, resource);
      t.match(res.headers.get('content-type'), /^application\/jrd\+json/);
      t.equal(res.body.subject, `acct:Alice@${host}`, 'the subject keeps the username as signed up');
      t.same(res.body.aliases, [actor, `${url}/@Alice`]);
      const self = res.body.links.find((l: { rel: string }) => l.rel === 'self');
      t.same(self, { rel: 'self', type: 'application/activity+json', href: actor });
      t.ok(res.body.links.some((l: { rel: string }) => l.rel === 'http://webfinger.net/rel/profile-page'));
      t.equal(res.headers.get('access-control-allow-origin'), '*');
      t.match(res.headers.get('vary'), /Accept/);
    }
  });

  await t.test('WebFinger answers XRD to an XRD Accept', async (t) => {
    const res = await finger(`acct:alice@${host}`, { headers: { Accept: 'application/xrd+xml' } });
    t.equal(res.status, 200);
    t.match(res.headers.get('content-type'), /^application\/xrd\+xml/);
    t.match(res.text, `<Subject>acct:Alice@${host}</Subject>`);
  });

  await t.test('WebFinger refuses what it cannot answer with the right status', async (t) => {
    t.equal((await http(url, '/.well-known/webfinger')).status, 400, 'no resource');
    t.equal((await finger(`acct:nobody@${host}`)).status, 404, 'unknown user');
    t.equal((await finger(`${url}/users/0000000000000000`)).status, 404, 'unknown actor id');
    t.equal((await finger('acct:alice@elsewhere.example')).status, 422, 'another host');
    t.equal((await finger('https://elsewhere.example/@alice')).status, 422, 'another host by URL');
    t.equal((await finger('acct:<script>@x')).status, 422);
    t.equal((await finger(`acct:a<b@${host}`)).status, 400, 'not a username');
    const options = await http(url, '/.well-known/webfinger', { method: 'OPTIONS' });
    t.equal(options.status, 204);
    t.equal(options.headers.get('access-control-allow-origin'), '*');
  });

  await t.test('the instance actor has an acct too', async (t) => {
    const res = await finger(`acct:instance.actor@${host}`);
    t.equal(res.status, 200);
    t.equal(res.body.links.find((l: { rel: string }) => l.rel === 'self').href, `${url}/actor`);
  });

  await t.test('host-meta points at WebFinger, as XRD and as JSON', async (t) => {
    const xrd = await http(url, '/.well-known/host-meta');
    t.equal(xrd.status, 200);
    t.match(xrd.headers.get('content-type'), /^application\/xrd\+xml/);
    t.match(xrd.text, `template="${url}/.well-known/webfinger?resource={uri}"`);
    const json = await http(url, '/.well-known/host-meta.json');
    t.equal(json.body.links[0].template, `${url}/.well-known/webfinger?resource={uri}`);
  });

  await t.test('NodeInfo 2.0 and 2.1 with the metadata Misskey clients read', async (t) => {
    const links = await http(url, '/.well-known/nodeinfo');
    t.same(
      links.body.links.map((l: { href: string }) => l.href),
      [`${url}/nodeinfo/2.1`, `${url}/nodeinfo/2.0`, `${url}/actor`],
    );
    await call(url, 'notes/create', { text: 'counted' }, alice.token);
    for (const version of ['2.0', '2.1']) {
      const res = await http(url, `/nodeinfo/${version}`);
      t.equal(res.status, 200);
      t.match(res.headers.get('content-type'), `profile="http://nodeinfo.diaspora.software/ns/schema/${version}#"`);
      t.equal(res.body.version, version);
      t.equal(res.body.software.name, 'flock');
      t.same(res.body.protocols, ['activitypub']);
      t.equal(res.body.openRegistrations, true);
      t.equal(res.body.usage.users.total, 1);
      t.equal(res.body.metadata.nodeName, 'Flock test');
      t.same(res.body.metadata.nodeAdmins, [{ name: 'Op', email: null }]);
      for (const key of ['disableRegistration', 'maxNoteTextLength', 'enableHcaptcha', 'langs', 'themeColor'])
        t.ok(key in res.body.metadata, `metadata.${key}`);
    }
  });
});
