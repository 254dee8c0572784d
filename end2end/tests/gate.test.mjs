// The approval gate, done-when: a tool posts an output, two different people
// approve it in the browser (the second edits the text… the first, here),
// and the tool receives a signed webhook with the approved, edited text.
// Then from the email: a senior approves on a phone in two taps, with no
// session, and the same link cannot decide again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { startServer, launchBrowser, openPage, hydrated, setupByCli, logIn } from './harness.mjs';
import { smtpSink, plainText } from './smtp.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A tool's webhook receiver on loopback; resolves each POST it gets. */
async function receiver() {
  const received = [];
  let notify;
  const first = new Promise((r) => { notify = r; });
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(204).end();
      notify();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, received, first, close: () => server.close() };
}

/** How a tool checks a delivery: HMAC-SHA256 of the raw body, fresh timestamp. */
function verified(secret, { headers, raw }) {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const given = Buffer.from(String(headers['x-secondlook-signature']));
  assert.ok(given.length === expected.length && timingSafeEqual(given, expected), 'signature matches');
  const body = JSON.parse(raw.toString('utf8'));
  assert.equal(String(body.timestamp), headers['x-secondlook-timestamp']);
  assert.ok(Math.abs(Date.now() / 1000 - body.timestamp) < 300, 'timestamp is fresh');
  return body;
}

async function person(server, email, password) {
  const { page, errors } = await openPage(browser, `${server.url}/login`);
  await logIn(page, server.url, { email, password });
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  return { page, errors };
}

/** A high-stakes gated touchpoint "Quotes", with Rita (reviewer) and Sam (senior). */
function quotes(server) {
  const owner = setupByCli(server);
  const { id, token } = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Quotes', '--kind', 'finance',
    '--stakes', 'high', '--policy', 'gate', '--json']));
  server.cli(['user', 'add', '--email', 'rita@bakery.test', '--name', 'Rita', '--role', 'reviewer'], 'check-every-week\n');
  server.cli(['user', 'add', '--email', 'sam@bakery.test', '--name', 'Sam', '--role', 'senior'], 'sign-off-seniorly\n');
  return { owner, id, token };
}

test('a reviewer approves with an edit, a senior signs off, and the tool gets a signed webhook', async () => {
  const server = await startServer();
  const tool = await receiver();
  try {
    const { owner, id, token } = quotes(server);

    // The owner connects the tool's callback and keeps the signing secret.
    const o = await person(server, owner.email, owner.password);
    await o.page.goto(`${server.url}/touchpoints/${id}`);
    await hydrated(o.page);
    await o.page.getByText('a first approval, then a different senior or owner signs off').waitFor();
    await o.page.getByLabel('Callback URL (optional)').fill(tool.url);
    await o.page.getByRole('button', { name: 'Save approval settings' }).click();
    const secret = (await o.page.getByTestId('webhook-secret').textContent()).trim();
    assert.match(secret, /^whsec_[0-9a-f]{64}$/);

    const sent = await fetch(`${server.url}/api/v1/outputs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ output: 'Your quote: £450 <img src=x onerror="window.__pwned=1">', external_id: 'quote-7' }),
    });
    assert.equal(sent.status, 201);
    const { id: outputId, status } = await sent.json();
    assert.equal(status, 'pending');

    // Rita approves with an edit.
    const rita = await person(server, 'rita@bakery.test', 'check-every-week');
    await rita.page.goto(`${server.url}/approvals`);
    await hydrated(rita.page);
    await rita.page.getByText("First approval, then a senior's").waitFor();
    await rita.page.getByRole('link', { name: `#${outputId}` }).click();
    await rita.page.getByTestId('output').filter({ hasText: 'onerror' }).waitFor();
    await rita.page.getByLabel('Text to send').fill('Your quote: £450 including VAT, valid for 30 days.');
    await rita.page.getByRole('button', { name: 'Approve' }).click();
    await rita.page.getByText('Approved by Rita. Waiting for a different senior or owner to sign off.').waitFor();
    await rita.page.reload();
    await hydrated(rita.page);
    await rita.page.getByText('You gave the first approval. A different senior or owner must sign off.').waitFor();

    // Sam signs off.
    const sam = await person(server, 'sam@bakery.test', 'sign-off-seniorly');
    await sam.page.goto(`${server.url}/approvals/${outputId}`);
    await hydrated(sam.page);
    await sam.page.getByRole('button', { name: 'Approve' }).click();
    await sam.page.getByText('Approved by Rita, then Sam. The tool may send it.').waitFor();

    await Promise.race([tool.first, new Promise((_, no) => setTimeout(() => no(new Error('no webhook within 15 s')), 15_000))]);
    const body = verified(secret, tool.received[0]);
    assert.equal(body.id, outputId);
    assert.equal(body.external_id, 'quote-7');
    assert.equal(body.decision, 'approved_with_edits');
    assert.equal(body.text_to_send, 'Your quote: £450 including VAT, valid for 30 days.');
    assert.deepEqual(body.reviewers, ['Rita', 'Sam']);

    // The owner sees the delivery on the touchpoint page.
    await o.page.reload();
    await hydrated(o.page);
    await o.page.getByText(/^Delivered /).waitFor();
    for (const p of [o, rita, sam]) {
      assert.equal(await p.page.evaluate(() => window.__pwned), undefined, 'no script from AI output ran');
      assert.deepEqual(p.errors, []);
    }
  } finally {
    tool.close();
    await server.stop();
  }
});

/** The first message `pick` finds at the SMTP sink, within 20 seconds. */
async function mailFor(sink, pick) {
  const until = Date.now() + 20_000;
  for (;;) {
    const found = sink.messages().find(pick);
    if (found) return found;
    if (Date.now() > until) throw new Error('no such email within 20 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a senior approves from the sign-off email in two taps, with no session', async () => {
  const sink = await smtpSink();
  const server = await startServer({ SECONDLOOK_SMTP_URL: sink.url });
  const tool = await receiver();
  try {
    const { owner, id, token } = quotes(server);

    const o = await person(server, owner.email, owner.password);
    await o.page.goto(`${server.url}/touchpoints/${id}`);
    await hydrated(o.page);
    await o.page.getByTestId('email-decisions').getByText(/Approve and Reject buttons/).waitFor();
    await o.page.getByLabel('Callback URL (optional)').fill(tool.url);
    await o.page.getByRole('button', { name: 'Save approval settings' }).click();
    const secret = (await o.page.getByTestId('webhook-secret').textContent()).trim();

    const sent = await fetch(`${server.url}/api/v1/outputs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ output: 'Your quote: £450 <img src=x onerror="window.__pwned=1">', external_id: 'quote-9' }),
    });
    const { id: outputId } = await sent.json();

    const rita = await person(server, 'rita@bakery.test', 'check-every-week');
    await rita.page.goto(`${server.url}/approvals/${outputId}`);
    await hydrated(rita.page);
    await rita.page.getByRole('button', { name: 'Approve' }).click();
    await rita.page.getByText(/Waiting for a different senior or owner to sign off/).waitFor();

    const email = await mailFor(sink, (m) => /^To: sam@bakery\.test/m.test(m) && m.includes('Sign-off needed'));
    const text = plainText(email);
    assert.ok(text.includes('<img src=x onerror='), 'the output is in the email as text');
    const approve = text.match(/Approve: (\S+)/)[1];
    assert.ok(approve.startsWith(`${server.url}/decide?t=sld_`), approve);
    assert.match(text, /Reject: \S+\/decide\?t=sld_/);

    // A fresh phone browser: the link shows the output and decides nothing yet.
    const phone = await openPage(browser, approve);
    await phone.page.getByRole('heading', { name: `Approve output #${outputId}?` }).waitFor();
    await hydrated(phone.page);
    await phone.page.getByTestId('output').filter({ hasText: 'onerror' }).waitFor();
    assert.equal(await phone.page.locator('main img').count(), 0, 'the AI output made no element');
    const before = await (await fetch(`${server.url}/api/v1/outputs/${outputId}`, { headers: { authorization: `Bearer ${token}` } })).json();
    assert.equal(before.status, 'pending', 'opening the link decided nothing');
    assert.deepEqual(await phone.page.context().cookies(), [], 'no session was opened');

    await phone.page.getByRole('button', { name: 'Approve it' }).click();
    await phone.page.getByTestId('decided').getByText('Done: the output is now approved.').waitFor();
    await Promise.race([tool.first, new Promise((_, no) => setTimeout(() => no(new Error('no webhook within 15 s')), 15_000))]);
    const { headers, raw } = tool.received[0];
    assert.equal(headers['x-secondlook-signature'], `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
    const body = JSON.parse(raw.toString('utf8'));
    assert.deepEqual([body.decision, body.reviewers], ['approved', ['Rita', 'Sam']]);

    // The same link a second time: nothing is decided twice.
    await phone.page.goto(approve);
    await phone.page.getByText('This link has already been used: each one decides once.').waitFor();
    for (const p of [o, rita, phone]) {
      assert.equal(await p.page.evaluate(() => window.__pwned), undefined, 'no script from AI output ran');
      assert.deepEqual(p.errors, []);
    }
  } finally {
    tool.close();
    sink.close();
    await server.stop();
  }
});
