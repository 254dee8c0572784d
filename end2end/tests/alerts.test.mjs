// Drift at a glance: a new model in the ingested outputs raises an alert the
// owner sees and acknowledges, and the touchpoint's checks are tightened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, ownerSession, hydrated } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function send(server, token, i, model) {
  const r = await fetch(`${server.url}/api/v1/outputs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ output: `Reply ${i}`, model, produced_at: `2026-11-24T10:0${i}:00Z` }),
  });
  assert.equal(r.status, 201);
}

test('a model change raises an alert that the owner acknowledges', async () => {
  const { server, page, errors } = await ownerSession(browser);
  try {
    const { id, token } = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Replies', '--kind', 'email', '--policy', 'sample', '--json']));
    await send(server, token, 1, 'gpt-4o');
    await page.goto(`${server.url}/alerts`);
    await hydrated(page);
    await page.getByText('No alerts. All quiet.').waitFor();

    await send(server, token, 2, '<b>gpt-5</b>');
    await page.goto(`${server.url}/touchpoints/${id}`);
    await hydrated(page);
    await page.getByText('Replies: model changed from gpt-4o to <b>gpt-5</b> on 24 November 2026').waitFor();
    await page.locator('.badge.inspection-tightened').waitFor();

    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    await page.getByLabel('What did you do about it?').fill('Checked ten replies by hand');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('Acknowledged by Olive Owner').waitFor();
    await page.getByText(': Checked ten replies by hand').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Acknowledge' }).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});
