// A private Dovecot IMAP server for the browser journeys (the same script
// the Rust tests use), and IMAP APPEND to deliver mail into it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../testdata/dovecot/run.sh');
export const USER = 'shop';
export const PASSWORD = 'imap-secret-e2e-51b';

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** One IMAP conversation: sends each command once the previous one is done. */
async function imap(port, steps) {
  const socket = net.connect(port, '127.0.0.1');
  let buffer = '';
  const waitFor = (re) => new Promise((resolve, reject) => {
    const check = () => { if (re.test(buffer)) { socket.off('data', onData); resolve(); } };
    const onData = (d) => { buffer += d; if (process.env.IMAP_DEBUG) console.log("<<", JSON.stringify(String(d))); check(); };
    socket.on('data', onData);
    socket.once('error', reject);
    check();
  });
  await waitFor(/^\* OK/m);
  let n = 0;
  for (const step of steps) {
    const tag = `a${++n}`;
    if (step.literal !== undefined) {
      const bytes = Buffer.from(step.literal);
      socket.write(`${tag} ${step.command} {${bytes.length}}\r\n`);
      await waitFor(/^\+/m);
      socket.write(Buffer.concat([bytes, Buffer.from('\r\n')]));
    } else {
      socket.write(`${tag} ${step.command}\r\n`);
    }
    await waitFor(new RegExp(`^${tag} (OK|NO|BAD)`, 'm'));
    if (!new RegExp(`^${tag} OK`, 'm').test(buffer)) throw new Error(`IMAP ${step.command} failed:\n${buffer}`);
  }
  socket.end();
}

export async function startDovecot() {
  const dir = mkdtempSync(path.join(tmpdir(), 'secondlook-dovecot-'));
  const port = await freePort();
  const child = spawn('sh', [SCRIPT, dir, String(port), USER, PASSWORD], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try { await imap(port, [{ command: `LOGIN ${USER} ${PASSWORD}` }]); break; } catch (e) {
      if (i > 100) throw new Error(`dovecot did not start: ${e}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    port,
    append: (folder, raw) => imap(port, [{ command: `LOGIN ${USER} ${PASSWORD}` }, { command: `APPEND ${folder}`, literal: raw }]),
    stop() { child.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** A message as a mail program sends it. */
export function message(id, subject, body, extra = '') {
  const headers = [
    `Message-ID: <${id}>`, 'Date: Tue, 1 Dec 2026 10:00:00 +0000', 'From: Shop <hello@shop.example>',
    'To: Sam <sam@customer.example>', `Subject: ${subject}`, ...(extra ? [extra] : []), 'Content-Type: text/plain; charset=utf-8',
  ];
  return [...headers, '', body, ''].join('\r\n');
}
