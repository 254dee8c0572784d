// Foundation journeys: first-run setup, login, wrong password, logout, and a
// reviewer refused an owner page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, hydrated, setupByCli, logIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('first run: every page leads to setup, which creates the business and logs the owner in', async () => {
  const server = await startServer();
  try {
    const { page, errors } = await openPage(browser, `${server.url}/team`);
    assert.match(page.url(), /\/setup$/);

    await page.getByLabel('Business name').fill('Corner Bakery');
    await page.getByLabel('Time zone').selectOption('Europe/London');
    await page.getByLabel('Your name').fill('Olive Owner');
    await page.getByLabel('Your email').fill('olive@bakery.test');
    await page.getByLabel('Password', { exact: true }).fill('rise-and-shine-42');
    await page.getByLabel('Password again').fill('rise-and-shine-4');
    await page.getByRole('button', { name: 'Create my business' }).click();
    // A mismatch is reported beside the field and nothing is created.
    await page.getByText('The two passwords are not the same.').waitFor();
    const still = await openPage(browser, `${server.url}/login`);
    assert.match(still.page.url(), /\/setup$/, 'nothing was half-created');

    await page.getByLabel('Password again').fill('rise-and-shine-42');
    await page.getByRole('button', { name: 'Create my business' }).click();
    // Setup leads straight into the touchpoint audit, which can be skipped.
    await page.getByRole('heading', { name: 'Audit your AI touchpoints' }).waitFor();
    await page.locator('.brand-name', { hasText: 'Corner Bakery' }).waitFor();
    await page.getByRole('link', { name: 'Skip for now' }).click();
    await page.getByText('Hello, Olive Owner.').waitFor();

    // Setup is gone once an owner exists.
    await page.goto(`${server.url}/setup`);
    await hydrated(page);
    assert.doesNotMatch(page.url(), /\/setup$/);
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});

test('login with a wrong password is refused with a message; the right one gets in; logout ends it', async () => {
  const server = await startServer();
  try {
    const owner = setupByCli(server);
    const { page, errors } = await openPage(browser, server.url);
    assert.match(page.url(), /\/login$/, 'logged-out people are sent to the login page');

    await logIn(page, server.url, { ...owner, password: 'not-my-password' });
    await page.getByRole('alert').filter({ hasText: 'The email or password is not right.' }).waitFor();
    assert.match(page.url(), /\/login$/);

    await logIn(page, server.url, owner);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'sl_session');
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(session.sameSite, 'Lax');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.goto(`${server.url}/`);
    await hydrated(page);
    assert.match(page.url(), /\/login$/, 'after logout the dashboard needs a login again');
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});

test('a reviewer is refused the owner-only Team page', async () => {
  const server = await startServer();
  try {
    setupByCli(server);
    const out = server.cli(['user', 'add', '--email', 'rita@bakery.test', '--name', 'Rita Reviewer', '--role', 'reviewer'], 'check-every-week\n');
    assert.match(out, /as reviewer/);
    const { page, errors } = await openPage(browser, `${server.url}/login`);
    await logIn(page, server.url, { email: 'rita@bakery.test', password: 'check-every-week' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Team' }).count(), 0, 'no Team link for reviewers');

    await page.goto(`${server.url}/team`);
    await hydrated(page);
    await page.getByRole('alert').filter({ hasText: 'Only the owner can do this.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add to the team' }).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});
