// Touchpoint journey: the onboarding audit, then editing one touchpoint's
// guidelines, then the list that describes the business.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, hydrated, ownerSession } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('an owner audits their AI touchpoints, edits guidelines and sees them listed', async () => {
  const { server, page, errors } = await ownerSession(browser);
  try {

    await page.getByRole('link', { name: 'Touchpoints' }).first().click();
    await page.getByRole('link', { name: 'Audit your AI touchpoints' }).click();
    await page.getByRole('heading', { name: 'Audit your AI touchpoints' }).waitFor();
    for (const item of ['Customer email replies', 'Website chatbot', 'Booking and scheduling']) {
      await page.getByLabel(item).check();
    }
    await page.getByRole('button', { name: 'Add the ticked touchpoints' }).click();
    await page.getByText('Added 3 touchpoints.').waitFor();
    const tokens = await page.locator('code.token').allTextContents();
    assert.equal(tokens.length, 3);
    for (const t of tokens) assert.match(t, /^slt_[0-9a-f]{64}$/);

    await page.getByRole('link', { name: 'See your touchpoints' }).click();
    await page.getByRole('link', { name: 'Website chatbot' }).click();
    await page.getByRole('heading', { name: 'Website chatbot' }).waitFor();
    await hydrated(page);
    await page.getByLabel('Guidelines').fill('Answer only from our menu and opening hours. Hand over complaints.');
    await page.getByLabel('Checklist').fill('Menu facts right\nHands over complaints\nFriendly');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    // The read-only summary shows the new guidelines and checklist in order.
    await page.locator('.guidelines', { hasText: 'Answer only from our menu' }).waitFor();
    assert.deepEqual(await page.locator('ol.checklist li').allTextContents(),
      ['Menu facts right', 'Hands over complaints', 'Friendly']);

    await page.getByRole('link', { name: '← All touchpoints' }).click();
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    const names = await page.locator('table tbody tr td:first-child a').allTextContents();
    assert.deepEqual(names, ['Booking and scheduling', 'Customer email replies', 'Website chatbot']);
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});

test('a bad field in the touchpoint form is reported beside it and nothing is saved', async () => {
  const { server, page, errors } = await ownerSession(browser);
  try {
    await page.goto(`${server.url}/touchpoints/new`);
    await hydrated(page);
    await page.getByLabel('Name').fill('Newsletter writer');
    await page.getByLabel('Kind').selectOption('marketing');
    await page.getByLabel('Failure rate to catch (%)').fill('5');
    await page.getByLabel('Confidence (%)').fill('95');
    await page.getByText('59 checks a week').waitFor();
    await page.getByLabel('Your own words or phrases').fill('guarantee\n/[broken/');
    await page.getByRole('button', { name: 'Add touchpoint' }).click();
    await page.getByText('Line 2: /[broken/ is not a valid pattern').waitFor();
    const list = server.cli(['touchpoint', 'list', '--json']);
    assert.deepEqual(JSON.parse(list), []);

    await page.getByLabel('Your own words or phrases').fill('guarantee');
    await page.getByRole('button', { name: 'Add touchpoint' }).click();
    await page.getByText('"Newsletter writer" is added.').waitFor();
    assert.equal(JSON.parse(server.cli(['touchpoint', 'list', '--json'])).length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});
