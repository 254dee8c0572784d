// Getting outputs in without code: a CSV upload with a column mapping and a
// progress bar, with a broken file reported by line first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, hydrated, ownerSession } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const csv = (rows) => Buffer.from(['id,customer message,reply', ...rows].join('\n') + '\n');

test('an owner uploads a CSV export, maps its columns and imports it', async () => {
  const { server, page, errors } = await ownerSession(browser);
  try {
    const { id } = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Email replies', '--kind', 'email', '--json']));
    await page.goto(`${server.url}/touchpoints/${id}`);
    await hydrated(page);
    await page.getByRole('link', { name: /Send outputs/ }).click();
    await page.getByRole('heading', { name: 'Send outputs to Email replies' }).waitFor();
    // The examples carry this server's real address.
    await page.locator('pre.code', { hasText: `${server.url}/api/v1/outputs` }).waitFor();

    // A broken file: every bad line is listed and nothing is stored.
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: csv(['1,Hi?,Hello!', '2,Open?,']) });
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByText('Line 3: output is required').waitFor();

    await page.goto(`${server.url}/touchpoints/${id}/import`);
    await hydrated(page);
    const rows = Array.from({ length: 1200 }, (_, i) => `m${i},"Question ${i}, please?","Answer ${i}"`);
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: csv(rows) });
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.getByRole('heading', { name: 'export.csv: 1200 rows' }).waitFor();
    await hydrated(page);
    // Columns were matched by name; the owner checks and corrects them.
    assert.equal(await page.getByLabel("The AI's output (required)").inputValue(), 'reply');
    assert.equal(await page.getByLabel('Its id in your tool (to skip repeats)').inputValue(), 'id');
    await page.getByLabel("The customer's message or prompt").selectOption('customer message');
    await page.getByRole('button', { name: 'Import 1200 rows' }).click();
    await page.getByText('Imported 1200 outputs from export.csv; 0 already there were skipped.').waitFor({ timeout: 30_000 });

    // Saved emails: several .eml files at once, through the mailbox's reader.
    await page.goto(`${server.url}/touchpoints/${id}/import`);
    await hydrated(page);
    const eml = (n, body) => ({
      name: `reply-${n}.eml`, mimeType: 'message/rfc822',
      buffer: Buffer.from(`Message-ID: <eml-${n}@shop.example>\r\nSubject: Re: order ${n}\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\n\r\n${body}\r\n\r\nOn Mon, 30 Nov 2026, Sam wrote:\r\n> Where is order ${n}?\r\n`),
    });
    await page.getByLabel('File', { exact: true }).setInputFiles([eml(1, 'It ships today.'), eml(2, 'It arrived yesterday.')]);
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.getByText('2 emails found in 2 emails.').waitFor();
    await hydrated(page);
    await page.getByRole('button', { name: 'Import the emails' }).click();
    await page.getByText('Imported 2 outputs from 2 emails; 0 already there were skipped.').waitFor({ timeout: 30_000 });
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});
