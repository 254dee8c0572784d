// A real SMTP server on loopback for the browser tests, and a reader for
// the messages it keeps.
import { createServer } from 'node:net';

/** A minimal SMTP server: accepts every message and keeps its raw text. */
export async function smtpSink() {
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
export function plainText(raw) {
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
