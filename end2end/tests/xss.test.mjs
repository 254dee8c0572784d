// AI output is untrusted: markup in it is shown as text on every page that
// shows it, and hidden or direction-changing characters are made visible.
// The test fails if any injected script runs, if the page's
// Content-Security-Policy had to block anything (that would mean markup got
// through), or if a dialog opens (see `openPage` in the harness).
import { test, before, after } from 'node:test';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, hydrated, setupByCli, logIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const ATTACK = [
  'Dear customer <script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img\'">',
  '<a href="javascript:window.__xss = \'link\'">your invoice</a>',
  '<svg onload="window.__xss = \'svg\'"></svg>',
  '"><iframe srcdoc="<script>parent.__xss = \'iframe\'</script>"></iframe>',
  'Open invoice\u202Efdp.exe or visit pay\u200Bpal.example',
].join('\n');

/** The page shows the attack as text (markup and hidden characters visible). */
async function showsAsText(page, locator) {
  const text = await locator.first().textContent();
  for (const literal of ['<script>window.__xss', 'onerror=', 'javascript:', '<svg onload=']) {
    assert.ok(text.includes(literal), `"${literal}" is shown as text in: ${text}`);
  }
  assert.equal(await page.locator('main script, main img, main svg[onload], main iframe, main a[href^="javascript"]').count(), 0,
    'no element was made from the AI output');
}

test('AI output with scripts, event handlers, javascript: links and Unicode tricks is shown as text everywhere', async () => {
  const server = await startServer();
  try {
    const owner = setupByCli(server);
    const { id, token } = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Invoices', '--kind', 'finance',
      '--stakes', 'high', '--policy', 'both', '--json']));
    server.cli(['user', 'add', '--email', 'sam@bakery.test', '--name', 'Sam', '--role', 'senior'], 'sign-off-seniorly\n');
    // A fact check flags the attack, so its marked span is rendered too.
    const facts = join(mkdtempSync(join(tmpdir(), 'xss-')), 'facts.toml');
    writeFileSync(facts, 'forbidden = ["invoice"]\n');
    server.cli(['facts', 'set', facts]);
    const sent = await fetch(`${server.url}/api/v1/outputs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ output: ATTACK, produced_at: '2026-11-24T10:00:00Z' }),
    });
    assert.equal(sent.status, 201);
    const { id: outputId } = await sent.json();
    assert.match(server.cli(['sample', '--week', '2026-W48']), /drawn: 1 of 1 outputs/);

    const { page, errors } = await openPage(browser, `${server.url}/login`);
    await logIn(page, server.url, owner);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    // The weekly spot check: the reviewer sees it and fails it.
    await page.goto(`${server.url}/review`);
    await hydrated(page);
    await page.getByRole('link', { name: 'Start reviewing' }).click();
    const shown = page.getByTestId('output');
    await shown.filter({ hasText: '[U+202E]' }).waitFor();
    await showsAsText(page, shown);
    assert.ok((await shown.textContent()).includes('pay[U+200B]pal'), 'zero-width characters are visible');
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    await page.keyboard.press('n');
    await page.keyboard.type('Hides a file name behind a direction override');
    await page.keyboard.press('Control+Enter');
    await page.getByText('1 of 1 done').waitFor();

    // The approval list and page, then a first approval (which emails Sam).
    await page.goto(`${server.url}/approvals`);
    await hydrated(page);
    await page.locator('.excerpt').filter({ hasText: '<script>' }).waitFor();
    await page.goto(`${server.url}/approvals/${outputId}`);
    await hydrated(page);
    await showsAsText(page, page.getByTestId('output'));
    assert.ok(await page.getByTestId('output').locator('mark.finding').count() >= 1, 'the finding is marked');
    await page.getByTestId('findings').waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText(/Waiting for a different senior or owner to sign off/).waitFor();

    // The touchpoint page lists the failure with its excerpt.
    await page.goto(`${server.url}/touchpoints/${id}`);
    await hydrated(page);
    await page.locator('.excerpt').filter({ hasText: '<script>' }).waitFor();

    // The sign-off email, read on the outbox page.
    await page.goto(`${server.url}/outbox`);
    await hydrated(page);
    await page.getByText('Read it').first().click();
    await showsAsText(page, page.locator('.email-text').filter({ hasText: 'onerror' }));

    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no script from AI output ran');
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});
