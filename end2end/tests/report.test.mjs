// The oversight record on paper: November's printable report, printed by
// Chromium to PDF (A4 and Letter) and read back with poppler's pdftotext,
// has each touchpoint on its own page with its name, its numbers and its
// lesson, and page numbers; `secondlook report` writes the same page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, hydrated, ownerSession } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function post(server, token, output, produced_at) {
  const r = await fetch(`${server.url}/api/v1/outputs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ output, produced_at }),
  });
  assert.equal(r.status, 201);
}

/** Reviews the open queue with the keyboard: `fails` holds the item numbers to fail, with their note. */
async function reviewAll(page, url, total, fails) {
  await page.goto(`${url}/review`);
  await hydrated(page);
  await page.getByRole('link', { name: 'Start reviewing' }).click();
  for (let n = 1; n <= total; n++) {
    await page.getByText(new RegExp(`item ${n} of ${total}`)).waitFor();
    if (fails[n]) {
      await page.keyboard.press('3');
      await page.keyboard.press('Enter');
      await page.keyboard.press('n');
      await page.keyboard.type(fails[n]);
      await page.keyboard.press('Control+Enter');
    } else {
      await page.keyboard.press('1');
      await page.keyboard.press('Enter');
    }
    await page.getByText(`${n} of ${total} done`).waitFor();
  }
}

/** The PDF's pages as text. */
function pdfPages(pdf) {
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
}

test('the monthly report prints to PDF with each touchpoint on its page, and the CLI writes it', async () => {
  const { server, page, errors } = await ownerSession(browser);
  try {
    const replies = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Replies', '--kind', 'email', '--policy', 'sample', '--json']));
    const posts = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Social posts', '--kind', 'social', '--policy', 'sample', '--json']));
    for (let i = 1; i <= 4; i++) await post(server, replies.token, `Reply ${i}: your cake is ready`, `2026-11-2${i + 2}T10:00:00Z`);
    for (let i = 1; i <= 2; i++) await post(server, posts.token, `Post ${i}: fresh bread today`, `2026-11-2${i + 2}T11:00:00Z`);
    const drawn = server.cli(['sample', '--week', '2026-W48']);
    assert.match(drawn, /Replies: drawn: 4 of 4/);
    assert.match(drawn, /Social posts: drawn: 2 of 2/);
    await reviewAll(page, server.url, 6, { 2: 'Do not promise delivery on Sundays', 5: 'Do not promise delivery on Sundays.' });

    // The monthly review links to the report.
    await page.goto(`${server.url}/monthly/2026-11`);
    await hydrated(page);
    await page.getByText('Lessons for the AI tool (this month)').waitFor();
    const href = await page.getByTestId('report-link').getAttribute('href');
    assert.equal(href, '/monthly/2026-11/report');
    const response = await page.goto(`${server.url}${href}`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'], /style-src 'sha256-/);
    await page.getByRole('heading', { name: 'Corner Bakery: oversight of AI tools' }).waitFor();

    // What each touchpoint's page must say, read from the page itself.
    const numbers = {};
    for (const name of ['Replies', 'Social posts']) {
      const section = page.locator('section.touchpoint').filter({ has: page.getByRole('heading', { name, exact: true }) });
      numbers[name] = (await section.locator('p.numbers').textContent()).replace('This month:', '').trim();
    }
    // Which of the two failed depends on the random draw's order; together: 2 of 6.
    const passed = Object.values(numbers).map((n) => n.match(/of (\d+) reviewed/)[1]).map(Number);
    assert.equal(passed.reduce((a, b) => a + b, 0), 6, JSON.stringify(numbers));

    for (const format of ['A4', 'Letter']) {
      const pages = pdfPages(await page.pdf({ format, printBackground: true }));
      assert.ok(pages.length >= 3, `${format}: a summary page and a page per touchpoint (${pages.length})`);
      for (const name of ['Replies', 'Social posts']) {
        const own = pages.filter((p) => p.trimStart().startsWith(name));
        assert.equal(own.length >= 1, true, `${format}: ${name} starts a page:\n${pages.map((p) => p.slice(0, 80)).join('\n---\n')}`);
        const flat = own[0].replace(/\s+/g, ' ');
        assert.ok(flat.includes(numbers[name].replace(/\s+/g, ' ')), `${format}: ${name}'s numbers on its page: ${numbers[name]}\n${flat}`);
      }
      const all = pages.join('\n').replace(/\s+/g, ' ');
      assert.match(all, /Do not promise delivery on Sundays — found twice|Do not promise delivery on Sundays — found once/);
      assert.match(all, new RegExp(`Page 1 of ${pages.length}`), `${format}: page numbers`);
      assert.ok(!all.includes('Print and choose'), 'the screen-only hint is not printed');
    }

    // The CLI writes the same page, one self-contained file.
    const out = join(mkdtempSync(join(tmpdir(), 'report-cli-')), 'report.html');
    server.cli(['report', '--month', '2026-11', '--out', out]);
    const html = readFileSync(out, 'utf8');
    assert.ok(html.includes('<h2 id="tp-') && html.includes(numbers.Replies), 'the same report');
    assert.ok(!/<script|<link|src="http/.test(html), 'nothing outside the file');
    assert.throws(() => server.cli(['report', '--month', '2026-13']), /not a month/);
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});
