import express from 'express';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { durableAnswers } from './durable-answers.js';

describe('durable answers', () => {
  it('sends an answer only once its writes commit, and drops a second end made while it waits (no crash)', async () => {
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let pending: Promise<void> | null = committed;
    const app = express();
    app.use(durableAnswers(() => pending));
    app.get('/', (_req, res) => {
      res.end('first');
      // Code that checks headersSent sees nothing sent yet and answers again.
      if (!res.headersSent) res.end('second');
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    try {
      let arrived = false;
      const answer = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).then(async (r) => ((arrived = true), r.text()));
      await new Promise((r) => setTimeout(r, 50));
      expect(arrived).toBe(false);
      pending = null;
      commit();
      expect(await answer).toBe('first');
      await new Promise((r) => setTimeout(r, 20));
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      server.close();
    }
  });
});
