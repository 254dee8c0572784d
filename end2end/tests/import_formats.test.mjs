// The files small businesses really export: a CSV saved by Excel in
// Germany (byte-order mark, semicolons, CRLF, a reply over two lines, local
// times), the same from an old Windows program, and a workbook whose first
// sheet is notes. The preview says how each was read; an ambiguous date
// column flips when the owner flips it; a mapping mistake is answered
// beside the field and fixed in place.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, hydrated, ownerSession } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const german = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from('Ticket-Nr.;Erstellt am;Kundenfrage;KI-Antwort\r\n1;01.12.2026 14:30;Offen?;"Ja,\r\nab 9 Uhr."\r\n2;02.12.2026 09:05;Parken?;Hinter dem Haus.\r\n'),
]);
const windows1252 = Buffer.from('Nr;Antwort\r\n7;Gr\xfc\xdfe aus K\xf6ln\r\n', 'latin1');
const workbook = readFileSync(new URL('../../domain/tests/fixtures/sheets/replies.xlsx', import.meta.url));

async function upload(page, url, id, file) {
  await page.goto(`${url}/touchpoints/${id}/import`);
  await hydrated(page);
  await page.getByLabel('File', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Upload and preview' }).click();
}

test('an owner imports a German Excel CSV, an old Windows CSV and a workbook', async () => {
  const { server, page, errors } = await ownerSession(browser);
  try {
    const { id } = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Antworten', '--kind', 'email', '--policy', 'sample', '--json']));

    await upload(page, server.url, id, { name: 'export.csv', mimeType: 'text/csv', buffer: german });
    await page.getByRole('heading', { name: 'export.csv: 2 rows' }).waitFor();
    await hydrated(page);
    await page.getByTestId('reading').getByText('Read as UTF-8 text, columns separated by a semicolon.').waitFor();
    await page.getByTestId('time-example').getByText('"01.12.2026 14:30" reads as Tue 1 Dec 2026, 14:30 (Europe/London)').waitFor();
    assert.equal(await page.getByLabel("The AI's output (required)").inputValue(), 'KI-Antwort');
    assert.equal(await page.getByLabel('When it was produced').inputValue(), 'Erstellt am');
    // Every date could be either way round: the owner flips it, and back.
    await page.getByLabel('Dates like 01/02/2026 are').selectOption('month-first');
    await page.getByRole('button', { name: 'Read again' }).click();
    await page.getByTestId('time-example').getByText('reads as Mon 12 Jan 2026, 14:30').waitFor();
    await hydrated(page);
    await page.getByLabel('Dates like 01/02/2026 are').selectOption('day-first');
    await page.getByRole('button', { name: 'Read again' }).click();
    await page.getByTestId('time-example').getByText('reads as Tue 1 Dec 2026, 14:30').waitFor();
    await hydrated(page);
    // A mapping mistake is shown beside the field, and fixed there.
    await page.getByLabel("The AI's output (required)").selectOption('');
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByText("Choose the column that holds the AI's output.").waitFor();
    await page.getByLabel("The AI's output (required)").selectOption('KI-Antwort');
    // So is a time mapped to a column of questions.
    await page.getByLabel('When it was produced').selectOption('Kundenfrage');
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByText('No value in "Kundenfrage" reads as a time (the first is "Offen?"): choose the column that holds it.').waitFor();
    await page.getByLabel('When it was produced').selectOption('Erstellt am');
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByText('Imported 2 outputs from export.csv; 0 already there were skipped.').waitFor({ timeout: 30_000 });

    await upload(page, server.url, id, { name: 'alt.csv', mimeType: 'text/csv', buffer: windows1252 });
    await page.getByTestId('reading').getByText('Read as Windows-1252 (Latin-1) text, columns separated by a semicolon.').waitFor();
    await page.getByRole('cell', { name: 'Grüße aus Köln' }).waitFor();

    await upload(page, server.url, id, { name: 'replies.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook });
    await page.getByRole('heading', { name: 'replies.xlsx: 2 rows' }).waitFor();
    await hydrated(page);
    await page.getByTestId('reading').getByText('Read from the sheet "Replies" (2 in the workbook).').waitFor();
    await page.getByTestId('time-example').getByText('"2026-12-01 14:30:00" reads as Tue 1 Dec 2026, 14:30 (Europe/London)').waitFor();
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByText('Imported 2 outputs from replies.xlsx; 0 already there were skipped.').waitFor({ timeout: 30_000 });

    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});
