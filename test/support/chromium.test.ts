import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findChromium, launchChromium, packagedChromium } from './chromium.js';

/** A page on http://localhost (a secure context) that registers a passkey and shows the outcome. */
const PASSKEY_PAGE = `<!doctype html><title>passkey</title><button id="go">Create a passkey</button><p role="status" id="out"></p>
<script>
document.getElementById('go').onclick = async () => {
  try {
    const cred = await navigator.credentials.create({ publicKey: {
      challenge: crypto.getRandomValues(new Uint8Array(32)), rp: { name: 'Gerbang test', id: 'localhost' },
      user: { id: new Uint8Array(16), name: 'sekar@example.com', displayName: 'Sekar' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }], authenticatorSelection: { residentKey: 'required', userVerification: 'required' } } });
    document.getElementById('out').textContent = 'created ' + cred.type;
  } catch (e) { document.getElementById('out').textContent = 'failed ' + e.name; }
};
</script>`;

describe('finding a Chromium for the browser tests', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PASSKEY_PAGE));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('says what is missing and how to get one when there is none', async () => {
    const search = findChromium({ env: {}, systemPaths: ['/nonexistent/chromium'], packaged: async () => null });
    await expect(search).rejects.toThrow(/No Chromium found[\s\S]*CHROME_PATH[\s\S]*\/nonexistent\/chromium[\s\S]*@sparticuz\/chromium[\s\S]*apt-get install chromium/);
  });

  it('takes CHROME_PATH first, and refuses one that is not there', async () => {
    await expect(findChromium({ env: { CHROME_PATH: process.execPath }, systemPaths: [] })).resolves.toEqual({ executablePath: process.execPath, source: 'CHROME_PATH' });
    await expect(findChromium({ env: { CHROME_PATH: '/nonexistent/chrome' } })).rejects.toThrow('CHROME_PATH is set to /nonexistent/chrome');
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'without CHROME_PATH or a system Chromium, drives the one shipped in @sparticuz/chromium, WebAuthn virtual authenticator included',
    { timeout: 120_000 },
    async () => {
      const found = await findChromium({ env: {}, systemPaths: [] });
      expect(found.source).toBe('@sparticuz/chromium');
      expect(found.executablePath).toBe(await packagedChromium());
      const browser = await launchChromium({ env: {}, systemPaths: [] });
      try {
        const context = await browser.newContext();
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('WebAuthn.enable');
        const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
          options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
        });
        await page.goto(base);
        await page.getByRole('button', { name: 'Create a passkey' }).click();
        await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toBe('created public-key');
        // The virtual authenticator now holds the passkey, as a person's device would.
        const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
        expect(credentials).toHaveLength(1);
      } finally {
        await browser.close();
      }
    },
  );
});
