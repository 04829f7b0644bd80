import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWebhookSecret, sendWebhook, type WebhookAttempt } from '../../connectors/webhooks.js';
import { freePort } from '../support/gerbang.js';
import { EVENT_TYPES, EVENT_WORDS, lastAnswerWords } from '../../designer/src/console/webhooks/words.js';
import { DOMAIN_EVENT_TYPES } from '../../engine/store/port.js';

/**
 * The console's Webhooks section says a delivery's last answer in the administrator's language: the
 * reasons come from real failed attempts of the relay's sender (a redirecting receiver, a port nobody
 * listens on, a receiver answering 503), so a reason the sender words differently shows up here.
 */
describe('webhook deliveries: the last answer in words', () => {
  let receiver: Server;
  let url = '';
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      if (req.url === '/moved') res.writeHead(302, { location: 'https://elsewhere.example.com/hook' }).end();
      else res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  const attempt = async (to: string): Promise<{ lastStatus: number | null; lastError: string | null }> => {
    const a: WebhookAttempt = await sendWebhook({ url: to, secrets: [newWebhookSecret()], messageId: 'msg_1', timestamp: new Date(), body: '{}', timeoutMs: 10_000 });
    return a.ok ? { lastStatus: a.status, lastError: null } : { lastStatus: a.status, lastError: a.error };
  };

  it('says a redirect, a refused connection and an error status in English and in Bahasa Indonesia', async () => {
    const moved = await attempt(`${url}/moved`);
    expect(lastAnswerWords(moved, 'en')).toBe('redirected (302 → https://elsewhere.example.com/hook); not followed');
    expect(lastAnswerWords(moved, 'id')).toBe('dialihkan (302 → https://elsewhere.example.com/hook); tidak diikuti');

    const refused = await attempt(`http://127.0.0.1:${await freePort()}/hook`);
    expect(lastAnswerWords(refused, 'en')).toBe('the connection was refused (ECONNREFUSED)');
    expect(lastAnswerWords(refused, 'id')).toBe('koneksi ditolak (ECONNREFUSED)');

    const down = await attempt(`${url}/hook`);
    expect(lastAnswerWords(down, 'id')).toBe('HTTP 503');
    expect(lastAnswerWords({ lastStatus: 204, lastError: null }, 'id')).toBe('HTTP 204');
    expect(lastAnswerWords({ lastStatus: null, lastError: null }, 'en')).toBe('—');
  });

  it('words every event the engine emits, in both languages', () => {
    expect([...EVENT_TYPES].sort()).toEqual([...DOMAIN_EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) for (const lang of ['en', 'id'] as const) expect(EVENT_WORDS[type][lang].label.length).toBeGreaterThan(0);
    expect(EVENT_WORDS['user.created'].id.label).toBe('Seseorang mendaftar');
  });
});
