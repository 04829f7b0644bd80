import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breachedPasswords, offlineBreachedPasswords } from './breached.js';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex').toUpperCase();

describe('breached passwords', () => {
  it('knows the most common breached passwords from the shipped list, in any case, and not a passphrase of its own', async () => {
    for (const p of ['1234567890', 'qwertyuiop', 'Password', 'iloveyou12']) expect(await offlineBreachedPasswords.isBreached(p), p).toBe(true);
    for (const p of ['correct horse battery', 'a brand new long password']) expect(await offlineBreachedPasswords.isBreached(p), p).toBe(false);
  });

  describe('with a k-anonymity range API', () => {
    const leaked = 'Kopi-Tubruk-Senja-2024';
    const received: Array<{ url: string; headers: Record<string, unknown> }> = [];
    let server: Server;
    let url: string;
    beforeAll(async () => {
      // A local fake of the range API: it records what it received and knows one leaked password.
      server = createServer((req, res) => {
        received.push({ url: req.url!, headers: req.headers });
        const prefix = req.url!.slice('/range/'.length);
        const lines = ['0018A45C4D1DEF81644B54AB7F969B88D65:1', '00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0'];
        if (prefix === sha1(leaked).slice(0, 5)) lines.push(`${sha1(leaked).slice(5)}:42`);
        // Padding: a zero count is no breach.
        lines.push(`${sha1('padded only').slice(5)}:0`);
        res.end(lines.join('\r\n'));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('refuses a password the API knows, having sent only the first 5 hex characters of its SHA-1', async () => {
      const checker = breachedPasswords({ url });
      expect(await checker.isBreached(leaked)).toBe(true);
      expect(await checker.isBreached('a brand new long password')).toBe(false);
      expect(received.map((r) => r.url)).toEqual([`/range/${sha1(leaked).slice(0, 5)}`, `/range/${sha1('a brand new long password').slice(0, 5)}`]);
      const everything = JSON.stringify(received);
      expect(everything).not.toContain(sha1(leaked).slice(5, 12));
      expect(everything).not.toContain(leaked);
      expect(received[0].headers['add-padding']).toBe('true');
    });

    it('never asks the API about a password the shipped list already refuses, and ignores padded zero counts', async () => {
      const before = received.length;
      const checker = breachedPasswords({ url });
      expect(await checker.isBreached('qwertyuiop')).toBe(true);
      expect(received.length).toBe(before);
      expect(await checker.isBreached('padded only')).toBe(false);
    });

    it('lets a person go on when the API is unreachable, and reports it', async () => {
      const errors: unknown[] = [];
      const checker = breachedPasswords({ url: 'http://127.0.0.1:1', onError: (e) => errors.push(e) });
      expect(await checker.isBreached(leaked)).toBe(false);
      expect(errors).toHaveLength(1);
      // The shipped list still applies.
      expect(await checker.isBreached('1234567890')).toBe(true);
    });
  });
});
