// Done-when of the email issue: with a real SMTP server on loopback and
// `run-due --at` the first Monday of next month, the owner's mailbox holds
// one monthly review email whose link leads to a review they complete.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startServer, launchBrowser, openPage, hydrated, setupByCli, logIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A minimal SMTP server: accepts every message and keeps its raw text. */
async function smtpSink() {
  const messages = [];
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.write('220 sink.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let at;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === '.') { inData = false; socket.write('250 OK queued\r\n'); } else { messages.at(-1).push(line.startsWith('.') ? line.slice(1) : line); }
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink.test\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') { inData = true; messages.push([]); socket.write('354 go ahead\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 bye\r\n'); }
        else socket.write('250 OK\r\n');
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `smtp://127.0.0.1:${server.address().port}`, messages: () => messages.map((m) => m.join('\r\n')), close: () => server.close() };
}

/** The decoded text/plain part of a raw MIME message. */
function plainText(raw) {
  const part = raw.split(/--[^\r\n]+\r\n/).find((p) => /Content-Type: text\/plain/i.test(p));
  const [head, ...body] = part.split('\r\n\r\n');
  const content = body.join('\r\n\r\n');
  if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
    const bytes = content.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return content;
}

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
