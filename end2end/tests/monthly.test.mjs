// Done-when of the email issue: with a real SMTP server on loopback and
// `run-due --at` the first Monday of next month, the owner's mailbox holds
// one monthly review email whose link leads to a review they complete.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, hydrated, setupByCli, logIn } from './harness.mjs';
import { smtpSink, plainText } from './smtp.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('the monthly email leads the owner through the review to the sign-off', async () => {
  const sink = await smtpSink();
  const server = await startServer({ SECONDLOOK_SMTP_URL: sink.url });
  try {
    const owner = setupByCli(server);
    server.cli(['touchpoint', 'add', '--name', 'Replies', '--kind', 'email', '--json']);
    server.cli(['touchpoint', 'add', '--name', 'Bookings', '--kind', 'scheduling', '--json']);
    const run = () => server.cliAsync(['jobs', 'run-due', '--at', '2026-12-07T09:00:00Z'], { SECONDLOOK_BASE_URL: server.url });
    assert.match(await run(), /queued the monthly review reminder for 2026-11/);
    await run();
    const monthly = sink.messages().filter((m) => m.includes('Subject: Your 15-minute AI review for November 2026'));
    assert.equal(monthly.length, 1, 'one monthly email');
    assert.match(monthly[0], /Content-Type: text\/calendar/);
    const link = plainText(monthly[0]).match(/Start the monthly review: (\S+)/)[1];
    assert.equal(link, `${server.url}/monthly/2026-11`);

    const { page, errors } = await openPage(browser, `${server.url}/login`);
    await logIn(page, server.url, owner);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto(link);
    await hydrated(page);
    await page.getByRole('heading', { name: 'Monthly review: November 2026' }).waitFor();
    await page.getByText('0 of 2 touchpoints decided').waitFor();
    // Touchpoints come in name order: Bookings, then Replies.
    await page.getByRole('heading', { name: 'Bookings' }).waitFor();
    // The evidence's suggestion, with its reason; the owner decides.
    await page.getByText('We suggest: keep as it is.').waitFor();
    await page.getByText(/No spot checks were reviewed this month/).waitFor();
    await page.getByLabel('Expand: move to the next stage').check();
    await page.getByRole('button', { name: 'Save and go on' }).click();
    await page.getByText('1 of 2 touchpoints decided').waitFor();
    await page.getByRole('heading', { name: 'Replies' }).waitFor();
    await page.getByLabel('Keep as it is').check();
    await page.getByLabel('Note (optional)').fill('Replies look fine');
    await page.getByRole('button', { name: 'Save and go on' }).click();
    await page.getByText('2 of 2 touchpoints decided').waitFor();
    await page.getByRole('button', { name: 'Sign off the review' }).click();
    await page.getByText(/^Signed off by Olive Owner on /).waitFor();
    // The decision moved the stage, and both are in the audit log.
    await page.goto(`${server.url}/audit`);
    await hydrated(page);
    await page.getByText('monthly.sign_off').first().waitFor();
    await page.getByText('monthly.decision').first().waitFor();
    assert.deepEqual(errors, []);
  } finally {
    sink.close();
    await server.stop();
  }
});
