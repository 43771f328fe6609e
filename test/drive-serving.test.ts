/** /files/<key>: never served as something a browser runs (HTML, SVG, JSON), safety headers, byte ranges, and keys that are not paths. */
import t from 'tap';
import { upload } from './helpers/drive.js';
import { http, signup, startServer } from './helpers/server.js';

const CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'";

t.test('serving drive files', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const path = (fileUrl: string) => new URL(fileUrl).pathname;

  await t.test('an HTML upload is stored and served as an octet-stream attachment', async (t) => {
    const html = new TextEncoder().encode(
      '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>',
    );
    const file = await upload(url, alice.token, html, { name: 'page.html' }, 'text/html');
    t.equal(file.type, 'application/octet-stream', 'the client word text/html is not taken');
    t.equal(file.thumbnailUrl, null);
    const res = await http(url, path(file.url));
    t.equal(res.status, 200);
    t.equal(res.headers.get('content-type'), 'application/octet-stream');
    t.match(res.headers.get('content-disposition'), /^attachment; filename="page.html"/);
    t.equal(res.headers.get('x-content-type-options'), 'nosniff');
    t.equal(res.headers.get('content-security-policy'), CSP);
    t.equal(res.text, new TextDecoder().decode(html), 'the bytes are unchanged');
  });

  await t.test('an SVG with script is detected as SVG, never served inline, its thumbnail a plain image', async (t) => {
    const svg = new TextEncoder().encode(
      '<?xml version="1.0"?>\n<!-- hi -->\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30" onload="alert(1)"><script>alert(2)</script><rect width="40" height="30" fill="red"/></svg>',
    );
    const file = await upload(url, alice.token, svg, { name: 'x.svg' }, 'image/png');
    t.equal(file.type, 'image/svg+xml');
    t.same([file.properties.width, file.properties.height], [40, 30]);
    const res = await http(url, path(file.url));
    t.equal(res.headers.get('content-type'), 'application/octet-stream');
    t.match(res.headers.get('content-disposition'), /^attachment;/);
    t.equal(res.headers.get('content-security-policy'), CSP);
    const thumb = await http(url, path(file.thumbnailUrl));
    t.equal(thumb.headers.get('content-type'), 'image/webp', 'the thumbnail is a raster image');
  });

  await t.test('JSON is never served as JSON', async (t) => {
    const file = await upload(
      url,
      alice.token,
      new TextEncoder().encode('{"a":1}'),
      { name: 'a.json' },
      'application/json',
    );
    const res = await http(url, path(file.url));
    t.equal(res.headers.get('content-type'), 'application/octet-stream');
  });

  await t.test('byte ranges', async (t) => {
    const bytes = new Uint8Array(1000).map((_, i) => i % 251);
    const file = await upload(url, alice.token, bytes, { name: 'bytes.bin' });
    const ranged = await fetch(file.url, { headers: { Range: 'bytes=10-19' } });
    t.equal(ranged.status, 206);
    t.equal(ranged.headers.get('content-range'), 'bytes 10-19/1000');
    t.equal(ranged.headers.get('accept-ranges'), 'bytes');
    t.same([...new Uint8Array(await ranged.arrayBuffer())], [...bytes.slice(10, 20)]);
    const open = await fetch(file.url, { headers: { Range: 'bytes=990-' } });
    t.equal(open.headers.get('content-range'), 'bytes 990-999/1000');
    t.equal((await open.arrayBuffer()).byteLength, 10);
    const suffix = await fetch(file.url, { headers: { Range: 'bytes=-5' } });
    t.same([...new Uint8Array(await suffix.arrayBuffer())], [...bytes.slice(995)]);
    const past = await fetch(file.url, { headers: { Range: 'bytes=5000-6000' } });
    t.equal(past.status, 416);
    t.equal(past.headers.get('content-range'), 'bytes */1000');
    const whole = await fetch(file.url);
    t.equal(whole.status, 200);
    t.equal(whole.headers.get('cache-control'), 'max-age=31536000, immutable');
    t.equal((await whole.arrayBuffer()).byteLength, 1000);
  });

  await t.test('unknown keys and anything path-like answer 404', async (t) => {
    for (const p of [
      '/files/AAAAAAAAAAAAAAAAAAAAAA',
      '/files/..%2f..%2fetc%2fpasswd',
      '/files/../../etc/passwd',
      '/files/tmp',
      '/files/',
      '/files/AAAAAAAAAAAAAAAAAAAAAA-other',
    ]) {
      const res = await http(url, p);
      t.equal(res.status, 404, p);
    }
    const post = await http(url, '/files/AAAAAAAAAAAAAAAAAAAAAA', { method: 'POST' });
    t.equal(post.status, 405);
  });
});
