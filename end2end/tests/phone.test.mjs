// On a 360×740 phone: the menu, the weekly spot check with taps only, an
// approval, and every page fitting the screen with a short header, no
// serious or critical accessibility finding (axe-core) and touch targets
// of at least 44×44 pixels. Times read on the business's own clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, hydrated, logIn } from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function post(server, token, body) {
  const r = await fetch(`${server.url}/api/v1/outputs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return JSON.parse(text);
}

/** A New York bakery with a spot-checked chatbot, a gated email tool and a model change. */
async function business(server) {
  const owner = { email: 'owner@bakery.test', password: 'rise-and-shine-42' };
  server.cli(['setup', '--business', 'Corner Bakery and Café of Upper Manhattan', '--timezone', 'America/New_York',
    '--owner-email', owner.email, '--owner-name', 'Olive Owner'], `${owner.password}\n`);
  const chat = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Website chatbot', '--kind', 'chatbot',
    '--stakes', 'low', '--policy', 'sample', '--json']));
  const mail = JSON.parse(server.cli(['touchpoint', 'add', '--name', 'Email replies', '--kind', 'email',
    '--stakes', 'low', '--policy', 'gate', '--json']));
  // 15:00 UTC on 24 November is 10:00 in New York (EST).
  for (let i = 0; i < 6; i++) {
    await post(server, chat.token, { output: `We open at 7am, answer ${i}. <img src=x onerror=alert(1)>`,
      produced_at: `2026-11-24T15:0${i}:00Z`, model: i < 5 ? 'bot-1' : 'bot-2' });
  }
  assert.match(server.cli(['sample', '--week', '2026-W48']), /drawn: 6 of 6 outputs/);
  const held = await post(server, mail.token, { output: 'Your cake is ready on Friday.', input: 'When is my cake ready?' });
  return { owner, chat, mail, held };
}

async function phonePage(server) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && /panicked|Content Security Policy/.test(m.text())) errors.push(m.text()); });
  return { context, page, errors };
}

/** What a phone user would trip over on the page that is open. */
async function phoneProblems(page) {
  const layout = await page.evaluate(() => {
    // The printable report has no site header: it is all content.
    const header = document.querySelector('.site-header')?.getBoundingClientRect().height ?? 0;
    const wide = document.documentElement.scrollWidth - window.innerWidth;
    const small = [];
    const targets = 'button, a.button, select, summary, label.check, label.verdict, .main-nav a, .menu-button, .month-steps a, '
      + 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file])';
    for (const el of document.querySelectorAll(targets)) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      if (r.width < 44 || r.height < 44) small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return { header, wide, small };
  });
  await page.evaluate(AXE);
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  return { ...layout, axe };
}

test('on a phone: the menu, five reviews by tap, an approval, and every page fits', async () => {
  const server = await startServer();
  const { context, page, errors } = await phonePage(server);
  try {
    const { owner, chat, held } = await business(server);
    await logIn(page, server.url, owner);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await hydrated(page);

    // The menu: folded behind one button, opened and used by tap.
    const menu = page.getByRole('button', { name: 'Menu' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    const nav = page.getByRole('navigation', { name: 'Main sections' });
    assert.equal(await nav.isVisible(), false, 'the sections are folded away');
    await menu.tap();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await nav.getByRole('link', { name: 'Approvals', exact: true }).tap();
    await page.getByRole('heading', { name: 'Awaiting approval' }).waitFor();
    assert.equal(await page.locator('.current-section').textContent(), 'Approvals', 'the current page is named');
    assert.equal(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded'), 'false', 'closed after navigating');

    // Approve the held output from its card.
    await page.getByRole('link', { name: `#${held.id}` }).tap();
    await page.getByRole('heading', { name: `Email replies · output #${held.id}` }).waitFor();
    await hydrated(page);
    await page.getByRole('button', { name: 'Approve' }).tap();
    await page.getByText('Approved by Olive Owner. The tool may send it.').waitFor();

    // Five spot checks with taps only; the keyboard hints are not shown.
    await page.goto(`${server.url}/review`);
    await hydrated(page);
    await page.getByRole('link', { name: 'Start reviewing' }).tap();
    for (let n = 1; n <= 5; n++) {
      await page.getByText(`Website chatbot · item ${n} of 6`).waitFor();
      await hydrated(page);
      if (n === 1) {
        await page.getByText('Produced Tue 24 Nov, 10:00 by bot-1').waitFor();
        assert.equal(await page.locator('kbd.key-hint').first().isVisible(), false, 'no keyboard hints on a touch screen');
        assert.equal(await page.getByLabel('Note').isVisible(), false, 'the note is folded until needed');
        assert.equal(await page.getByRole('heading', { name: 'What good looks like' }).count(), 0, 'no empty guidelines box');
        const rows = await page.locator('label.verdict').evaluateAll((ls) => new Set(ls.map((l) => Math.round(l.getBoundingClientRect().top))).size);
        assert.equal(rows, 1, 'the three verdicts sit in one row');
      }
      if (n === 4) {
        await page.locator('label.verdict-fail').tap();
        await page.getByLabel('Note').tap();
        await page.getByLabel('Note').fill('Says the wrong opening time');
      } else {
        await page.locator('label.verdict-pass').tap();
      }
      await page.getByRole('button', { name: 'Save and next' }).tap();
      await page.getByText(`${n} of 6 done`).waitFor();
    }
    await page.getByText('Website chatbot · item 6 of 6').waitFor();
    const itemPath = new URL(page.url()).pathname;

    // The model change raised an alert; its email names the business's clock.
    await page.goto(`${server.url}/outbox`);
    await hydrated(page);
    await page.getByText(/raised this alert on \w{3} \d+ \w{3}, \d\d:\d\d \(New York time, ES?T\)/).first().waitFor({ state: 'attached' });

    // Every page: fits the screen, a short header, no serious finding.
    const month = '2026-11';
    const pages = ['/', '/review', itemPath, '/approvals', `/approvals/${held.id}`,
      '/touchpoints', '/touchpoints/new', `/touchpoints/${chat.id}`, `/touchpoints/${chat.id}/import`, '/onboarding',
      '/team', '/audit', '/alerts', '/settings', '/settings/facts', `/monthly/${month}`, '/outbox', '/account', '/export',
      `/monthly/${month}/report`];
    const problems = [];
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      // The printable report is a plain page: no client bundle to wait for.
      if (!path.endsWith('/report')) await hydrated(page);
      const p = await phoneProblems(page);
      if (process.env.PHONE_DEBUG) console.log(path, JSON.stringify({ header: p.header, wide: p.wide, small: p.small.length, axe: p.axe.length }));
      if (p.wide > 0) problems.push(`${path}: ${p.wide}px wider than the screen`);
      if (p.header > 740 * 0.15) problems.push(`${path}: header ${p.header}px high`);
      for (const s of p.small) problems.push(`${path}: small target ${s}`);
      for (const a of p.axe) problems.push(`${path}: axe ${a}`);
    }
    assert.deepEqual(problems, []);
    // The dashboard's touchpoints are cards: every figure is there, labelled.
    await page.goto(`${server.url}/`);
    await hydrated(page);
    const card = page.locator('table.overview tbody tr').first();
    for (const label of ['Stage', 'Checks', 'Spot check', 'Awaiting approval', 'Passed, last 12 weeks', 'Alerts']) {
      assert.ok(await card.locator(`td[data-label="${label}"]`).isVisible(), `${label} is shown`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('the phone menu opens before (and without) the client bundle', async () => {
  const server = await startServer();
  const { context, page } = await phonePage(server);
  try {
    const { owner } = await business(server);
    await logIn(page, server.url, owner);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // From here on the bundle never loads.
    await page.route('**/pkg/*.wasm', (r) => r.abort());
    await page.goto(`${server.url}/approvals`);
    assert.equal(await page.locator('body[data-hydrated]').count(), 0, 'not hydrated');
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.tap();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await page.getByRole('navigation', { name: 'Main sections' }).getByRole('link', { name: 'Touchpoints', exact: true }).tap();
    await page.getByRole('heading', { name: 'Touchpoints', exact: true }).waitFor();
  } finally {
    await context.close();
    await server.stop();
  }
});
