import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSmsConnector } from './sms.js';
import { createLogger } from '../engine/logger.js';
import { tempDataDir } from '../test/support/gerbang.js';

describe('SMS connector', () => {
  let server: Server;
  let url = '';
  const bodies: unknown[] = [];
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        bodies.push({ auth: req.headers.authorization, type: req.headers['content-type'], body: JSON.parse(body) });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the message as JSON with the bearer token to the configured API', async () => {
    const sms = createSmsConnector({ apiUrl: url, apiToken: 't0ken', dataDir: '/nonexistent' }, createLogger({ silent: true }));
    await sms.send({ to: '+6281234567890', text: 'hello' });
    expect(bodies.at(-1)).toEqual({ auth: 'Bearer t0ken', type: 'application/json', body: { to: '+6281234567890', text: 'hello' } });
  });

  it('reports a refusal of the provider as an error', async () => {
    status = 500;
    const sms = createSmsConnector({ apiUrl: url, dataDir: '/nonexistent' }, createLogger({ silent: true }));
    await expect(sms.send({ to: '+6281234567890', text: 'x' })).rejects.toThrow('SMS API answered 500');
    status = 200;
  });

  it('writes messages into the outbox when no API is configured', async () => {
    const data = tempDataDir();
    try {
      const sms = createSmsConnector({ dataDir: data.dir }, createLogger({ silent: true }));
      expect(sms.mode).toBe('outbox');
      await sms.send({ to: '+6281234567890', text: 'your code' });
      const [file] = readdirSync(join(data.dir, 'outbox'));
      expect(JSON.parse(readFileSync(join(data.dir, 'outbox', file), 'utf8'))).toMatchObject({ to: '+6281234567890', text: 'your code' });
    } finally {
      data.cleanup();
    }
  });
});
