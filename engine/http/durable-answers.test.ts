import express from 'express';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { durableAnswers } from './durable-answers.js';

describe('durable answers', () => {
  const serve = async (commitPending: () => void, handler: express.RequestHandler) => {
    const app = express();
    app.use(durableAnswers(commitPending));
    app.get('/', handler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
  };

  it('commits the pending writes before the answer leaves, and survives a second end (no crash)', async () => {
    const order: string[] = [];
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    const { server, url } = await serve(
      () => order.push('commit'),
      (_req, res) => {
        res.on('finish', () => order.push('answered'));
        res.end('first');
        res.end();
      },
    );
    try {
      expect(await (await fetch(url)).text()).toBe('first');
      await new Promise((r) => setTimeout(r, 20));
      expect(order[0]).toBe('commit');
      expect(order).toContain('answered');
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      server.close();
    }
  });

  it('ends the connection instead of answering when the commit fails (the store did not keep the writes)', async () => {
    const { server, url } = await serve(
      () => {
        throw new Error('disk full');
      },
      (_req, res) => void res.end('saved'),
    );
    try {
      await expect(fetch(url).then((r) => r.text())).rejects.toThrow();
    } finally {
      server.close();
    }
  });
});
