// Capture with no code: an owner connects a mailbox on the touchpoint page
// (a real Dovecot on loopback), and the first email delivered there shows up
// waiting for sign-off, with the message it replies to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, hydrated, ownerSession } from './harness.mjs';
import { startDovecot, message, USER, PASSWORD } from './dovecot.mjs';

let browser;
let dovecot;
before(async () => { browser = await launchBrowser(); dovecot = await startDovecot(); });
after(async () => { await browser?.close(); dovecot?.stop(); });

test('an owner connects a mailbox and its first email waits for sign-off', async () => {
  const { server, page, errors } = await ownerSession(browser, { SECONDLOOK_CAPTURE_TICK_SECS: '1' });
  try {
    const { id } = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'AI replies', '--kind', 'email', '--json']));
    await page.goto(`${server.url}/touchpoints/${id}`);
    await hydrated(page);
    await page.getByRole('heading', { name: 'Connect a mailbox' }).waitFor();
    await page.getByLabel('Mail server (IMAP)').fill('127.0.0.1');
    await page.getByLabel('Protection').selectOption('plain');
    await page.getByLabel('Port (optional)').fill(String(dovecot.port));
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Test the connection' }).click();
    await page.getByText('The mail server refused the user name or password.').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Test the connection' }).click();
    await page.getByText(/Connected\. The folder INBOX holds \d+ message/).waitFor();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByTestId('capture-state').getByText('Taking email from the folder INBOX on 127.0.0.1').waitFor();

    await dovecot.append('INBOX', message('q-e2e@customer.example', 'Sunday?', 'Do you open on Sundays?'));
    await dovecot.append('INBOX', message('r-e2e@shop.example', 'Re: Sunday?', 'Yes, from 10 to 4 <b>every</b> Sunday.',
      'In-Reply-To: <q-e2e@customer.example>'));
    // Held for sign-off (an email touchpoint is high stakes): it waits in Approvals.
    // Longer than one mailbox pace (a minute): a poll that ran between
    // Connect and the messages arriving finds them only at the next one.
    let found = false;
    for (const until = Date.now() + 90_000; Date.now() < until && !found;) {
      await page.goto(`${server.url}/approvals`);
      await hydrated(page);
      found = await page.getByText('Yes, from 10 to 4 <b>every</b> Sunday.').count() > 0;
      if (!found) await page.waitForTimeout(500);
    }
    assert.ok(found, 'the captured email waits for sign-off, its markup shown as text');
    await page.getByText('Yes, from 10 to 4 <b>every</b> Sunday.').first().click();
    await page.getByText('Do you open on Sundays?').first().waitFor();
    await page.goto(`${server.url}/touchpoints/${id}`);
    await hydrated(page);
    await page.getByText(/Took \d new message\(s\) from INBOX/).first().waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});
