import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent, Store } from '../store/port.js';
import { storesUnderTest } from '../../test/support/stores.js';
import { RunEventLog } from './run-events.js';
import { deviceClassOf } from './device-class.js';

const event = (runId: string): RunEvent => ({
  runId,
  at: new Date('2026-03-01T10:00:00Z'),
  flowId: 'signup',
  version: 1,
  app: null,
  lang: 'en',
  device: 'desktop',
  step: 'email',
  kind: 'entered',
  outcome: null,
  ms: null,
});

describe('run event log', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await storesUnderTest[0].open()));
  afterEach(async () => cleanup());

  const entered = async () => (await store.events.rollups({ flowId: 'signup' }))[0]?.count ?? 0;

  it('writes buffered events in one batch after its interval, and everything on flush', async () => {
    const log = new RunEventLog(store.events, (err) => {
      throw err;
    }, { flushMs: 20 });
    log.record([event('a')]);
    log.record([event('b')]);
    expect(await entered()).toBe(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(await entered()).toBe(2);
    log.record([event('c')]);
    await log.flush();
    expect(await entered()).toBe(3);
  });

  it('writes at once when a batch is full', async () => {
    const log = new RunEventLog(store.events, () => {}, { flushMs: 60_000, maxBatch: 3 });
    log.record([event('a'), event('b'), event('c')]);
    await log.flush();
    expect(await entered()).toBe(3);
  });

  it('reports a failing write instead of failing the step', async () => {
    const errors: unknown[] = [];
    const log = new RunEventLog({ ...store.events, record: async () => Promise.reject(new Error('disk full')) }, (err) => errors.push(err));
    expect(() => log.record([event('a')])).not.toThrow();
    await log.flush();
    expect(errors.map(String)).toEqual(['Error: disk full']);
  });
});

describe('device class', () => {
  it('tells phones, tablets, desktops and bots apart from the User-Agent', () => {
    expect(deviceClassOf('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1')).toBe('mobile');
    expect(deviceClassOf('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36')).toBe('mobile');
    expect(deviceClassOf('Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 Chrome/126.0 Safari/537.36')).toBe('tablet');
    expect(deviceClassOf('Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148')).toBe('tablet');
    expect(deviceClassOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36')).toBe('desktop');
    expect(deviceClassOf('Googlebot/2.1 (+http://www.google.com/bot.html)')).toBe('bot');
    expect(deviceClassOf(null)).toBe('unknown');
  });
});
