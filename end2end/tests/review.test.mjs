// The weekly spot check at the keyboard: a reviewer clears five items with
// keys only and sees the progress move.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, hydrated, setupByCli, logIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Sends one output through the API and checks it was stored. */
async function postOutput(server, token, output, produced_at) {
  const r = await fetch(`${server.url}/api/v1/outputs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ output, produced_at }),
  });
  assert.equal(r.status, 201);
}

test('a reviewer reviews five items with the keyboard only and sees progress update', async () => {
  const server = await startServer();
  try {
    setupByCli(server);
    const { token } = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Notes', '--kind', 'other', '--policy', 'sample', '--json']));
    for (let i = 0; i < 6; i++) {
      await postOutput(server, token, `Note number ${i} <script>window.__pwned = true</script>`, `2026-11-24T10:0${i}:00Z`);
    }
    assert.match(server.cli(['sample', '--week', '2026-W48']), /drawn: 6 of 6 outputs/);
    server.cli(['user', 'add', '--email', 'rita@bakery.test', '--name', 'Rita', '--role', 'reviewer'], 'check-every-week\n');

    const { page, errors } = await openPage(browser, `${server.url}/login`);
    await logIn(page, server.url, { email: 'rita@bakery.test', password: 'check-every-week' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto(`${server.url}/review`);
    await hydrated(page);
    await page.getByText('0 of 6 done').waitFor();
    await page.getByRole('link', { name: 'Start reviewing' }).focus();
    await page.keyboard.press('Enter');
    for (let n = 1; n <= 5; n++) {
      await page.getByText(`Notes · item ${n} of 6`).waitFor();
      // The AI's text is shown as text, never run.
      await page.getByTestId('output').filter({ hasText: '<script>' }).waitFor();
      await page.keyboard.press(n === 3 ? '3' : '1');
      if (n === 3) {
        await page.keyboard.press('Enter');
        await page.getByText('Write a short note: what is wrong with this output?').waitFor();
        await page.keyboard.press('n');
        await page.keyboard.type('Says the wrong opening time');
        await page.keyboard.press('Control+Enter');
      } else {
        await page.keyboard.press('Enter');
      }
      await page.getByText(`${n} of 6 done`).waitFor();
    }
    await page.getByText('Notes · item 6 of 6').waitFor();
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script from AI output ran');
    await page.goto(`${server.url}/review`);
    await hydrated(page);
    await page.getByText('5 of 6 done').waitFor();
    await page.getByText('you did 5').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});

test("last week's unreviewed items stay in the queue after the next week is drawn", async () => {
  const server = await startServer();
  try {
    setupByCli(server);
    const { token } = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Replies', '--kind', 'other', '--policy', 'sample', '--json']));
    const send = (output, produced_at) => postOutput(server, token, output, produced_at);
    for (let i = 0; i < 3; i++) await send(`Older reply ${i}`, `2026-11-17T10:0${i}:00Z`);
    assert.match(server.cli(['sample', '--week', '2026-W47']), /drawn: 3 of 3 outputs/);
    server.cli(['user', 'add', '--email', 'rita@bakery.test', '--name', 'Rita', '--role', 'reviewer'], 'check-every-week\n');
    const { page, errors } = await openPage(browser, `${server.url}/login`);
    await logIn(page, server.url, { email: 'rita@bakery.test', password: 'check-every-week' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // One item of the older week is done; two are left when the next week is drawn.
    await page.goto(`${server.url}/review`);
    await hydrated(page);
    await page.getByRole('link', { name: 'Start reviewing' }).click();
    await page.getByText('Replies · item 1 of 3').waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.getByText('Replies · item 2 of 3').waitFor();

    for (let i = 0; i < 4; i++) await send(`Newer reply ${i}`, `2026-11-24T10:0${i}:00Z`);
    assert.match(server.cli(['sample', '--week', '2026-W48']), /drawn: 4 of 4 outputs/);
    await page.goto(`${server.url}/review`);
    await hydrated(page);
    await page.getByText('1 of 7 done').waitFor();
    const weeks = page.getByRole('list', { name: 'Progress by week' });
    await weeks.getByText('2026-W47: 1 of 3 done').waitFor();
    await weeks.getByText('2026-W48: 0 of 4 done').waitFor();
    // Oldest week first: the next item is last week's.
    await page.getByRole('link', { name: 'Start reviewing' }).click();
    await page.getByTestId('output').filter({ hasText: 'Older reply' }).waitFor();

    // The weekly email's "Review 5 now": a short run that counts down, then thanks.
    await page.goto(`${server.url}/review/next?run=2`);
    await hydrated(page);
    await page.getByTestId('run-left').getByText('2 to go in this short run.').waitFor();
    const firstOfRun = await page.getByRole('heading', { level: 1 }).textContent();
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.getByTestId('run-left').getByText('This is the last one in this short run.').waitFor();
    // Keys count only once the next item is there (its heading names its place).
    await page.waitForFunction((before) => document.querySelector('h1')?.textContent !== before, firstOfRun);
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.getByText('That short run is done. Thank you!').waitFor();
    // Last week is done; this week's four are what is left.
    await page.getByText('0 of 4 done').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});
