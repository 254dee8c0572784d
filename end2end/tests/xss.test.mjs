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

// A reviewer's note is shown back in the lessons: it is text too.
const NOTE = 'Hides a file name <img src=x onerror="window.__xss = \'note\'"> behind a direction override';

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
    await page.keyboard.type(NOTE);
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

    // The touchpoint page lists the failure with its excerpt, and the note in its lessons.
    await page.goto(`${server.url}/touchpoints/${id}`);
    await hydrated(page);
    await page.locator('.excerpt').filter({ hasText: '<script>' }).waitFor();
    const lessons = page.getByTestId('lessons');
    assert.ok((await lessons.locator('li li').first().textContent()).includes('<img src=x onerror='), 'the note is text');
    assert.ok((await lessons.locator('textarea').inputValue()).includes('<img src=x onerror='), 'and text to copy');
    assert.equal(await lessons.locator('img').count(), 0);

    // The printable report: the excerpt and the lesson are text, and its policy allows no script at all.
    const report = await page.goto(`${server.url}/monthly/2026-11/report`);
    assert.doesNotMatch(report.headers()['content-security-policy'], /script-src/);
    const body = await page.locator('body').textContent();
    assert.ok(body.includes('<script>window.__xss') && body.includes('<img src=x onerror='), 'shown as text in the report');
    assert.equal(await page.locator('body script, body img, body iframe, body svg[onload], body a[href^="javascript"]').count(), 0);

    // The export: a download, never a page, with the text as it was written.
    for (const format of ['csv', 'jsonl']) {
      const file = await page.request.get(`${server.url}/export/file?what=outputs&format=${format}`);
      assert.equal(file.status(), 200);
      assert.match(file.headers()['content-disposition'], /^attachment;/);
      assert.equal(file.headers()['x-content-type-options'], 'nosniff');
      assert.match(file.headers()['content-security-policy'], /default-src 'none'/);
      const text = await file.text();
      assert.ok(text.includes('<script>window.__xss') && text.includes('onerror='), `${format} keeps the text`);
    }

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

test('captured mail and calendar text is shown as text: the output, the approval and the capture log', async () => {
  const server = await startServer({ SECONDLOOK_CAPTURE_TICK_SECS: '1' });
  // A calendar whose event names are markup, one with a rule that cannot be
  // read (so its name lands in the capture log).
  const ics = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//xss//EN',
    'BEGIN:VEVENT', 'UID:x1', 'DTSTAMP:20261201T090000Z', 'SUMMARY:<img src=x onerror="window.__xss = \'feed\'">',
    'DTSTART:20991201T090000Z', 'DTEND:20991201T100000Z', 'RRULE:FREQ=SOMETIMES', 'END:VEVENT',
    'END:VCALENDAR', '',
  ].join('\r\n');
  const { createServer } = await import('node:http');
  const feed = createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/calendar' }); res.end(ics); });
  await new Promise((r) => feed.listen(0, '127.0.0.1', r));
  try {
    const owner = setupByCli(server);
    const mail = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Mail', '--kind', 'email', '--policy', 'gate', '--json']));
    const bookings = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Bookings', '--kind', 'scheduling', '--json']));
    const raw = `Message-ID: <xss@shop.example>\r\nSubject: <svg onload="window.__xss = 'subject'">\r\n\r\n${ATTACK}\r\n`;
    const sent = await fetch(`${server.url}/api/v1/messages`, {
      method: 'POST', headers: { authorization: `Bearer ${mail.token}`, 'content-type': 'message/rfc822' }, body: raw,
    });
    assert.equal(sent.status, 201);
    const { id: outputId } = await sent.json();

    const { page, errors } = await openPage(browser, `${server.url}/login`);
    await logIn(page, server.url, owner);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto(`${server.url}/approvals/${outputId}`);
    await hydrated(page);
    await showsAsText(page, page.getByTestId('output'));

    await page.goto(`${server.url}/touchpoints/${bookings.id}`);
    await hydrated(page);
    await page.getByLabel('Calendar address (.ics)').fill(`http://127.0.0.1:${feed.address().port}/cal.ics`);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByTestId('capture-answer').waitFor();
    let logged = false;
    for (let i = 0; i < 40 && !logged; i++) {
      await page.goto(`${server.url}/touchpoints/${bookings.id}`);
      await hydrated(page);
      logged = await page.getByText('cannot be read').count() > 0;
      if (!logged) await page.waitForTimeout(500);
    }
    assert.ok(logged, 'the bad rule is in the capture log');
    const line = await page.getByRole('region', { name: 'Capture log' }).textContent();
    assert.ok(line.includes('<img src=x onerror='), `the event name is shown as text: ${line}`);
    assert.equal(await page.locator('main img').count(), 0, 'no element was made from the calendar');
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no script from captured text ran');
    assert.deepEqual(errors, []);
  } finally {
    feed.close();
    await server.stop();
  }
});
