import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake verify API received, as the provider would see it. */
export interface VerifyRequest {
  contentType: string | undefined;
  secret: string | null;
  response: string | null;
  remoteip: string | null;
}

/**
 * A CAPTCHA provider's verify API on loopback (the shape Turnstile, hCaptcha and reCAPTCHA share):
 * form POST of `secret`, `response`, `remoteip`; JSON `{ success, error-codes }`. It knows one
 * secret; a token it handed out (`solve()`) passes once, as with the real providers, then answers
 * `timeout-or-duplicate`. `down` makes it answer 503, like a provider in an outage.
 */
export class FakeCaptchaVerifier {
  private server?: Server;
  private issued = new Set<string>();
  private n = 0;
  readonly received: VerifyRequest[] = [];
  down = false;

  constructor(readonly secret: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const seen: VerifyRequest = { contentType: req.headers['content-type'], secret: form.get('secret'), response: form.get('response'), remoteip: form.get('remoteip') };
        this.received.push(seen);
        if (this.down) return res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service unavailable</h1>');
        const answer = (success: boolean, codes: string[] = []) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success, 'error-codes': codes }));
        if (seen.secret !== this.secret) return answer(false, ['invalid-input-secret']);
        if (!seen.response) return answer(false, ['missing-input-response']);
        if (!this.issued.delete(seen.response)) return answer(false, [seen.response.startsWith('solved-') ? 'timeout-or-duplicate' : 'invalid-input-response']);
        answer(true);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/siteverify`;
  }

  /** What the widget would put in the form after a person solved it. */
  solve(): string {
    const token = `solved-${++this.n}-${Math.random().toString(36).slice(2)}`;
    this.issued.add(token);
    return token;
  }

  stop(): Promise<void> {
    return new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
