// "Forgot your password?": a reviewer asks for a link, it arrives at a real
// SMTP server on loopback, it sets a new password and logs her in, and the
// same link does not work a second time. The owner's outbox never shows it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, hydrated, setupByCli, logIn } from './harness.mjs';
import { smtpSink, plainText } from './smtp.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function waitFor(check, what, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const found = check();
    if (found) return found;
    if (Date.now() > until) throw new Error(`no ${what} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a forgotten password is reset by a one-time emailed link', async () => {
  const sink = await smtpSink();
  const server = await startServer({ SECONDLOOK_SMTP_URL: sink.url });
  try {
    const owner = setupByCli(server);
    server.cli(['user', 'add', '--email', 'rita@bakery.test', '--name', 'Rita', '--role', 'reviewer'], 'check-every-week\n');

    const { page, errors } = await openPage(browser, `${server.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await hydrated(page);
    await page.getByLabel('Your email').fill('rita@bakery.test');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByText('If that address belongs to someone on the team').waitFor();
    // An unknown address gets exactly the same answer, and no email.
    await page.getByLabel('Your email').fill('nobody@bakery.test');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByText('If that address belongs to someone on the team').waitFor();

    const email = await waitFor(() => sink.messages().find((m) => m.includes('Subject: Set a new password for Second Look')), 'reset email');
    assert.match(email, /^To: rita@bakery\.test/m);
    const link = plainText(email).match(/Set a new password: (\S+)/)[1];
    assert.ok(link.startsWith(`${server.url}/reset-password?token=`), link);

    await page.goto(link);
    await hydrated(page);
    await page.getByLabel('New password', { exact: true }).fill('a-brand-new-secret');
    await page.getByLabel('New password again').fill('a-brand-new-secret');
    await page.getByRole('button', { name: 'Set password and log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    // The link is spent; the old password is gone, the new one works.
    await page.goto(link);
    await page.getByText('This link has expired or has already been used.').waitFor();
    const fresh = await openPage(browser, `${server.url}/login`);
    await fresh.page.getByLabel('Email').fill('rita@bakery.test');
    await fresh.page.getByLabel('Password').fill('check-every-week');
    await fresh.page.getByRole('button', { name: 'Log in' }).click();
    await fresh.page.getByText('The email or password is not right.').waitFor();
    await logIn(fresh.page, server.url, { email: 'rita@bakery.test', password: 'a-brand-new-secret' });
    await fresh.page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    // The owner sees that the email went, not the link in it.
    const o = await openPage(browser, `${server.url}/login`);
    await logIn(o.page, server.url, owner);
    await o.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await o.page.goto(`${server.url}/outbox`);
    await hydrated(o.page);
    await o.page.getByText('Read it').first().click();
    await o.page.getByText('This email holds a one-time link to set a new password, so it is not shown here.').waitFor();
    assert.equal(await o.page.getByText('token=').count(), 0);
    assert.equal(sink.messages().filter((m) => m.includes('nobody@bakery.test')).length, 0);
    assert.deepEqual([...errors, ...fresh.errors, ...o.errors], []);
  } finally {
    sink.close();
    await server.stop();
  }
});
