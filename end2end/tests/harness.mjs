// Shared set-up for the browser journeys: a real `secondlook` server on a
// free loopback port with its own SQLite file, and Debian's Chromium. The
// server serves the client bundle built into it (SECONDLOOK_SITE_ROOT, when
// set, serves a folder instead).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BIN = process.env.SECONDLOOK_BIN;
if (!BIN) {
  throw new Error('SECONDLOOK_BIN must be set (run `cargo xtask test`).');
}

/**
 * Starts a server on a fresh database; resolves once it is listening.
 * `bin` and `cwd` run another copy of the binary, from another folder.
 */
export async function startServer(extraEnv = {}, { bin = BIN, cwd } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'secondlook-e2e-'));
  const env = {
    ...process.env,
    ...extraEnv,
    SECONDLOOK_DATABASE_URL: `sqlite://${dir}/secondlook.db`,
    SECONDLOOK_ADDR: '127.0.0.1:0',
    SECONDLOOK_LOG_LEVEL: 'warn',
  };
  // Migrate first so CLI calls and the server agree on the schema.
  const child = spawn(bin, ['serve'], { cwd, env: { ...env, SECONDLOOK_LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      if (process.env.E2E_SERVER_LOG) process.stderr.write(chunk);
      const m = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log}`)); });
  });
  return {
    url,
    /** Runs the CLI against the same database; `input` goes to stdin. */
    cli(args, input = '', moreEnv = {}) {
      const r = spawnSync(bin, args, { cwd, env: { ...env, ...moreEnv }, input, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`secondlook ${args.join(' ')} failed: ${r.stderr}`);
      return r.stdout;
    },
    /** Like `cli`, without blocking this process (for servers it runs itself, such as an SMTP sink). */
    cliAsync(args, moreEnv = {}) {
      return new Promise((resolve, reject) => {
        execFile(bin, args, { cwd, env: { ...env, ...moreEnv }, encoding: 'utf8' }, (err, stdout, stderr) => {
          if (err) reject(new Error(`secondlook ${args.join(' ')} failed: ${stderr}`)); else resolve(stdout);
        });
      });
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A new browser tab at `url`, once the client bundle has hydrated it.
 * `errors` collects uncaught page errors (a broken bundle shows up there),
 * dialogs (alert() from injected script) and anything the page's
 * Content-Security-Policy blocked: an escaping bug would show up as a
 * blocked inline script, and a too-strict policy as a blocked bundle.
 */
export async function openPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A panic in the client bundle logs its message just before it aborts.
  page.on('console', (m) => { if (m.type() === 'error' && /panicked|Content Security Policy/.test(m.text())) errors.push(m.text()); });
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy blocked ${e.blockedURI} (${e.violatedDirective})`));
  });
  await page.goto(url);
  await hydrated(page);
  return { page, errors };
}

/** Waits until the page's wasm bundle has taken over. */
export async function hydrated(page) {
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 20_000 });
}

/** Sets up the business and owner through the CLI; returns the owner's login. */
export function setupByCli(server) {
  const owner = { email: 'owner@bakery.test', password: 'rise-and-shine-42' };
  server.cli(['setup', '--business', 'Corner Bakery', '--timezone', 'Europe/London',
    '--owner-email', owner.email, '--owner-name', 'Olive Owner'], `${owner.password}\n`);
  return owner;
}

export async function logIn(page, url, { email, password }) {
  await page.goto(`${url}/login`);
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** A fresh server set up by the CLI, and a tab logged in as its owner. */
export async function ownerSession(browser, extraEnv = {}) {
  const server = await startServer(extraEnv);
  const owner = setupByCli(server);
  const { page, errors } = await openPage(browser, `${server.url}/login`);
  await logIn(page, server.url, owner);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  return { server, page, errors };
}
