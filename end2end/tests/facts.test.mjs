// Business facts, done-when: an owner types a price list and opening hours
// into the facts page; a tool's reply with a wrong price is held, and the
// approval page shows the finding at the top with its span marked in the
// text; the approver marks it "not a problem"; the owner re-checks recent
// outputs. The command line shows and sets the same facts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, hydrated, setupByCli } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a wrong price is flagged on the approval page, with its span marked', async () => {
  const server = await startServer();
  try {
    const owner = setupByCli(server);
    const { token } = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Quotes', '--kind', 'email',
      '--stakes', 'high', '--policy', 'gate', '--json']));
    // A link opened while logged out comes back to its page after the login.
    const { page } = await openPage(browser, `${server.url}/settings/facts`);
    assert.match(page.url(), /\/login\?next=%2Fsettings%2Ffacts$/);
    await hydrated(page);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'What is true about your business' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/settings/facts');
    await hydrated(page);
    await page.getByLabel('Currency').fill('GBP');
    await page.getByLabel('Price list').fill('Sourdough loaf, 5.20, per loaf, large sourdough\nBaguette, 2.50');
    await page.getByLabel('Monday').fill('08:00-17:00');
    await page.getByLabel('Saturday').fill('09:00-13:00');
    await page.getByRole('button', { name: 'Save the facts' }).click();
    await page.getByText('Saved. New outputs are checked').waitFor();
    // A bad part is refused beside its field, and nothing changes.
    await page.getByLabel('Tuesday').fill('17:00-09:00');
    await page.getByRole('button', { name: 'Save the facts' }).click();
    await page.getByText(/the hours end before they start/).waitFor();
    assert.match(server.cli(['facts', 'show']), /item = "Sourdough loaf"[\s\S]*price = 5\.2/);

    const reply = 'Hi Ann, a large sourdough is £4.50 this week. See you Saturday!';
    const sent = await fetch(`${server.url}/api/v1/outputs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ output: reply, produced_at: '2026-11-24T10:00:00Z' }),
    });
    assert.equal(sent.status, 201);
    const stored = await sent.json();
    assert.equal(stored.status, 'pending');
    assert.deepEqual(stored.findings.map((f) => f.check), ['price']);

    await page.goto(`${server.url}/approvals/${stored.id}`);
    await hydrated(page);
    const findings = page.getByTestId('findings');
    await findings.waitFor();
    assert.match(await findings.textContent(), /£4\.50 for Sourdough loaf; the price list says £5\.20/);
    const mark = page.getByTestId('output').locator('mark.finding');
    assert.equal(await mark.count(), 1);
    assert.equal(await mark.textContent(), '£4.50');
    assert.match(await mark.getAttribute('title'), /the price list says £5\.20/);

    // The approver marks it "not a problem": kept, struck, and no longer marked.
    await findings.getByText('Not a problem?').click();
    await findings.getByLabel('Why it is fine (optional)').fill('quoted last week\'s offer on purpose');
    await findings.getByRole('button', { name: 'Mark not a problem' }).click();
    await findings.getByText('Marked not a problem.').waitFor();
    await page.reload();
    await hydrated(page);
    await page.getByTestId('findings').getByText(/Not a problem — Olive/).waitFor();
    assert.equal(await page.getByTestId('output').locator('mark.finding').count(), 0);

    // After the facts change, the owner re-checks the last four weeks and sees it finish.
    await page.goto(`${server.url}/settings/facts`);
    await hydrated(page);
    await page.getByRole('button', { name: 'Re-check the last four weeks' }).click();
    await page.getByTestId('recheck').getByText(/Re-checked 1 output /).waitFor();

    // The command line replaces the facts from a file; a file it cannot use changes nothing.
    const dir = mkdtempSync(join(tmpdir(), 'facts-'));
    writeFileSync(join(dir, 'facts.toml'), 'currency = "GBP"\nforbidden = ["refund"]\n\n[[prices]]\nitem = "Baguette"\nprice = 2.75\n');
    assert.match(server.cli(['facts', 'set', join(dir, 'facts.toml')]), /Saved: 1 prices/);
    writeFileSync(join(dir, 'bad.toml'), '[[prices]]\nitem = "Roll"\nprice = "cheap"\n');
    assert.throws(() => server.cli(['facts', 'set', join(dir, 'bad.toml')]), /bad\.toml/);
    assert.match(server.cli(['facts', 'show', '--json']), /"price": 2\.75/);
  } finally {
    await server.stop();
  }
});
