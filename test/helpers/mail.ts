import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server in process (smtp-server, no STARTTLS, one account), keeping every message it accepted, parsed by mailparser. */
export interface TestSmtp {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** the raw bytes of each accepted message */
  raw: Buffer[];
  close(): Promise<void>;
}

export async function startSmtp(user = 'mailer', pass = 'mail-password', port = 0): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const raw: Buffer[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === pass) cb(null, { user });
      else cb(new Error('bad credentials'));
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        simpleParser(bytes).then((m) => {
          raw.push(bytes);
          messages.push(m);
          cb();
        }, cb);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${user}:${pass}@127.0.0.1:${actual}`, port: actual, messages, raw,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface Received { id: string; signatureValid: boolean; body: Record<string, unknown> }

/** A real HTTP receiver of webhooks: verifies the HMAC-SHA256 signature of each body; `failFirst` answers 503 to the first n requests. */
export async function startReceiver(secret: string, failFirst = 0): Promise<{ url: string; received: Received[]; requests: number; close(): Promise<void> }> {
  const state = { received: [] as Received[], requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      if (state.requests <= failFirst) {
        res.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-cds-signature'] ?? ''));
      state.received.push({
        id: String(req.headers['x-cds-message-id']),
        signatureValid: given.length === expected.length && timingSafeEqual(given, expected),
        body: JSON.parse(body.toString('utf8')) as Record<string, unknown>,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    get received() { return state.received; },
    get requests() { return state.requests; },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
