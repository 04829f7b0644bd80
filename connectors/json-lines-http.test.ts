import { afterEach, describe, expect, it } from 'vitest';
import { JsonLinesHttpStream, type JsonLinesHttpOptions } from './json-lines-http.js';
import { JsonLinesReceiver } from '../test/support/json-lines-receiver.js';
import { freePort } from '../test/support/gerbang.js';

describe('JSON lines over HTTP to a collector', () => {
  const receiver = new JsonLinesReceiver();
  let stream: JsonLinesHttpStream | null = null;
  afterEach(async () => {
    await stream?.close(0);
    stream = null;
    await receiver.stop();
    receiver.answer = () => 200;
    receiver.batches.length = 0;
  });

  const open = (opts: Partial<JsonLinesHttpOptions> & { url: string }) =>
    (stream = new JsonLinesHttpStream({ maxBuffer: 1000, batchMs: 10, retryMs: 50, maxRetryMs: 200, onError: () => {}, ...opts }));
  const ids = () => receiver.accepted().map((l) => l.n);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('sends every line in order, batched, as application/x-ndjson with the configured authorization', async () => {
    await receiver.start();
    const s = open({ url: receiver.url, authorization: 'Splunk 0f3c-token', maxBatch: 100 });
    for (let n = 1; n <= 250; n++) s.send({ n, type: 'signin' });
    await receiver.until((r) => r.accepted().length >= 250);

    expect(ids()).toEqual(range(1, 250));
    expect(receiver.batches.map((b) => b.lines.length)).toEqual([100, 100, 50]);
    expect(receiver.batches[0].headers).toMatchObject({ 'content-type': 'application/x-ndjson', authorization: 'Splunk 0f3c-token' });
  });

  it('sends a refused batch again (500, then a redirect it does not follow) and loses nothing', async () => {
    await receiver.start();
    const answers = [500, 302];
    receiver.answer = () => answers.shift() ?? 204;
    const errors: string[] = [];
    const s = open({ url: receiver.url, onError: (e) => errors.push(e) });
    for (let n = 1; n <= 10; n++) s.send({ n });
    await receiver.until((r) => r.accepted().length >= 10);

    expect(ids()).toEqual(range(1, 10));
    expect(receiver.batches.map((b) => [b.status, b.lines.length])).toEqual([[500, 10], [302, 10], [204, 10]]);
    expect(receiver.batches.every((b) => b.path === '/ingest')).toBe(true);
    expect(errors).toEqual(['HTTP 500', 'redirected (HTTP 302); not followed']);
  });

  it('keeps a bounded buffer while the collector is down, dropping the oldest, and sends the rest once it is back', async () => {
    const port = await freePort();
    const dropped: number[] = [];
    const s = open({ url: `http://127.0.0.1:${port}/ingest`, maxBuffer: 5, onDrop: (n) => dropped.push(n) });
    for (let n = 1; n <= 8; n++) s.send({ n });
    expect(s.dropped).toBe(3);
    expect(s.waiting).toBe(5);

    await receiver.start(port);
    await receiver.until((r) => r.accepted().length >= 5);
    expect(ids()).toEqual([4, 5, 6, 7, 8]);
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('sends what is still waiting when it closes', async () => {
    await receiver.start();
    const s = open({ url: receiver.url, batchMs: 3_600_000 });
    s.send({ n: 1 });
    s.send({ n: 2 });
    await s.close(10_000);
    stream = null;
    expect(ids()).toEqual([1, 2]);
  });
});
