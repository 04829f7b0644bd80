import express from 'express';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { durableAnswers, type GroupedCommits } from './durable-answers.js';

describe('durable answers', () => {
  const serve = async (store: GroupedCommits, handler: express.RequestHandler) => {
    const app = express();
    app.use(durableAnswers(store));
    app.get('/', handler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
  };

  /** A group commit the test settles by hand. */
  const deferred = () => {
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => {});
    return { promise, resolve, reject };
  };

  it('commits the pending writes before the answer leaves, and survives a second end (no crash)', async () => {
    const order: string[] = [];
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    const { server, url } = await serve({ commitPending: () => order.push('commit') }, (_req, res) => {
      res.on('finish', () => order.push('answered'));
      res.end('first');
      res.end();
    });
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
      {
        commitPending: () => {
          throw new Error('disk full');
        },
      },
      (_req, res) => void res.end('saved'),
    );
    try {
      await expect(fetch(url).then((r) => r.text())).rejects.toThrow();
    } finally {
      server.close();
    }
  });

  it('holds an answer ended while a group of writes is open until that group is committed, without committing on its own', async () => {
    const group = deferred();
    let ownCommits = 0;
    let ended!: (res: express.Response) => void;
    const answerEnded = new Promise<express.Response>((r) => (ended = r));
    const { server, url } = await serve({ commitPending: () => void ownCommits++, settled: () => group.promise }, (_req, res) => {
      res.end('kept');
      ended(res);
    });
    try {
      const answer = fetch(url).then((r) => r.text());
      const res = await answerEnded;
      // The response is complete on the server (a second answer would be refused), but not one byte of it went to the network yet.
      expect(res.headersSent && res.writableEnded).toBe(true);
      expect(res.socket!.bytesWritten).toBe(0);
      group.resolve();
      expect(await answer).toBe('kept');
      expect(ownCommits).toBe(0);
    } finally {
      server.close();
    }
  });

  it('ends the connection instead of answering when the group it waited for fails to commit', async () => {
    const group = deferred();
    const { server, url } = await serve({ commitPending: () => {}, settled: () => group.promise }, (_req, res) => {
      res.end('saved');
      group.reject(new Error('disk full'));
    });
    try {
      await expect(fetch(url).then((r) => r.text())).rejects.toThrow();
    } finally {
      server.close();
    }
  });
});
