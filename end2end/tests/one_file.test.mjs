// One file to run: a copy of the binary alone in an empty folder (no
// target/site, no SECONDLOOK_SITE_ROOT) serves every page, and the app
// hydrates from the bundle inside it; the bundle is served under
// content-hashed names, cached for a year, brotli or gzip as asked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, startServer, launchBrowser, openPage, hydrated, setupByCli, logIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('the binary alone in an empty folder serves every page and the app hydrates', async () => {
  const alone = mkdtempSync(join(tmpdir(), 'secondlook-alone-'));
  copyFileSync(BIN, join(alone, 'secondlook'));
  // An empty SECONDLOOK_SITE_ROOT is no folder at all, whatever the caller's environment says.
  const server = await startServer({ SECONDLOOK_SITE_ROOT: '' }, { bin: join(alone, 'secondlook'), cwd: alone });
  try {
    const owner = setupByCli(server);
    const tp = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Replies', '--kind', 'email', '--json']));
    const { page, errors } = await openPage(browser, `${server.url}/login`);
    await logIn(page, server.url, owner);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    for (const path of ['/', '/review', '/approvals', '/touchpoints', `/touchpoints/${tp.id}`, '/alerts', '/team',
      '/audit', '/settings', '/settings/facts', '/outbox', '/export', '/account']) {
      const resp = await page.goto(`${server.url}${path}`);
      assert.equal(resp.status(), 200, path);
      await hydrated(page);
    }

    // The bundle's names carry its hash; the folder holds only the binary and the database.
    const scripts = await page.locator('link[rel="modulepreload"], link[rel="preload"], link[rel="stylesheet"]').evaluateAll(
      (links) => links.map((l) => l.getAttribute('href')));
    const stem = scripts.find((h) => h.endsWith('.js')).match(/^\/pkg\/(secondlook\.[0-9a-f]{16})\.js$/)[1];
    assert.deepEqual(scripts.sort(), [`/pkg/${stem}.css`, `/pkg/${stem}.js`, `/pkg/${stem}.wasm`]);
    assert.ok(readdirSync(alone).every((f) => f === 'secondlook' || f.startsWith('secondlook.db')), readdirSync(alone).join(' '));

    for (const [file, type] of [[`${stem}.wasm`, 'application/wasm'], [`${stem}.js`, 'javascript'], [`${stem}.css`, 'text/css']]) {
      for (const encoding of ['br', 'gzip']) {
        const r = await fetch(`${server.url}/pkg/${file}`, { headers: { 'accept-encoding': encoding } });
        assert.equal(r.status, 200, file);
        assert.equal(r.headers.get('content-encoding'), encoding, `${file} as ${encoding}`);
        assert.match(r.headers.get('cache-control'), /max-age=31536000, immutable/, file);
        assert.ok(r.headers.get('content-type').includes(type), `${file}: ${r.headers.get('content-type')}`);
        assert.ok(r.headers.get('etag'), 'an ETag');
        assert.ok((await r.arrayBuffer()).byteLength > 0);
      }
    }
    const again = await fetch(`${server.url}/pkg/${stem}.wasm`, { headers: { 'if-none-match': (await fetch(`${server.url}/pkg/${stem}.wasm`)).headers.get('etag') } });
    assert.equal(again.status, 304, 'an unchanged bundle is not sent twice');
    const icon = await fetch(`${server.url}/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.doesNotMatch(icon.headers.get('cache-control'), /immutable/, 'a file without a hash in its name is revalidated');
    assert.equal((await fetch(`${server.url}/pkg/secondlook.0000000000000000.js`)).status, 404, 'an old bundle name is gone');
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
    rmSync(alone, { recursive: true, force: true });
  }
});
