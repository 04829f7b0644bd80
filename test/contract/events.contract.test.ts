import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent, Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

const DAY1 = new Date('2026-03-01T10:00:00Z');
const DAY2 = new Date('2026-03-02T23:59:59Z');

const event = (over: Partial<RunEvent>): RunEvent => ({
  runId: 'run-1',
  at: DAY1,
  flowId: 'signup',
  version: 1,
  app: 'shop',
  lang: 'en',
  device: 'desktop',
  step: 'email',
  kind: 'entered',
  outcome: null,
  ms: null,
  ...over,
});

describe.each(storesUnderTest)('run events contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('keeps a run\'s path in order and sums rollups per version, step and outcome', async () => {
    await store.events.record([event({})]);
    await store.events.record([
      event({ kind: 'left', outcome: 'next', ms: 1200 }),
      event({ step: 'password', kind: 'entered' }),
      event({ step: 'password', kind: 'left', outcome: 'success', ms: 3000 }),
      event({ step: 'done', kind: 'entered' }),
      event({ step: 'done', kind: 'ended', outcome: 'success' }),
    ]);
    await store.events.record([event({ runId: 'run-2' }), event({ runId: 'run-2', kind: 'left', outcome: 'next', ms: 800 })]);

    const path = await store.events.forRun('run-1');
    expect(path.map((e) => `${e.kind} ${e.step}${e.outcome ? ` ${e.outcome}` : ''}`)).toEqual([
      'entered email',
      'left email next',
      'entered password',
      'left password success',
      'entered done',
      'ended done success',
    ]);
    expect(path[0]).toEqual(event({}));

    const rollups = await store.events.rollups({ flowId: 'signup' });
    const find = (step: string, kind: string, outcome: string | null = null) => rollups.find((r) => r.step === step && r.kind === kind && r.outcome === outcome);
    expect(find('email', 'entered')).toMatchObject({ version: 1, count: 2 });
    expect(find('email', 'left', 'next')).toMatchObject({ count: 2, totalMs: 2000 });
    expect(find('done', 'ended', 'success')).toMatchObject({ count: 1 });
    expect(rollups).toHaveLength(6);
  });

  it('filters rollups by version, app, language and day range', async () => {
    await store.events.record([
      event({}),
      event({ at: DAY2 }),
      event({ version: 2 }),
      event({ app: null }),
      event({ lang: 'id' }),
    ]);
    const count = async (filter: Parameters<Store['events']['rollups']>[0]) =>
      (await store.events.rollups(filter)).reduce((sum, r) => sum + r.count, 0);
    expect(await count({ flowId: 'signup' })).toBe(5);
    expect(await count({ flowId: 'signup', version: 2 })).toBe(1);
    expect(await count({ flowId: 'signup', app: 'shop' })).toBe(4);
    expect(await count({ flowId: 'signup', lang: 'id' })).toBe(1);
    expect(await count({ flowId: 'signup', fromDay: '2026-03-02' })).toBe(1);
    expect(await count({ flowId: 'signup', toDay: '2026-03-01' })).toBe(4);
    expect(await count({ flowId: 'signup', fromDay: '2026-03-01', toDay: '2026-03-02', version: 1, app: 'shop', lang: 'en' })).toBe(2);
    expect(await count({ flowId: 'other' })).toBe(0);
  });

  it('counts every one of 30 concurrent recordings of the same step', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.events.record([event({ runId: `r${i}` })])));
    expect(await store.events.rollups({ flowId: 'signup' })).toEqual([
      { version: 1, step: 'email', kind: 'entered', outcome: null, count: 30, totalMs: 0 },
    ]);
  });

  it('counts every event of one large batch, per counter and per day, and keeps each raw event', async () => {
    const batch = Array.from({ length: 120 }, (_, i) => [
      event({ runId: `b${i}`, at: i % 3 ? DAY1 : DAY2 }),
      event({ runId: `b${i}`, at: i % 3 ? DAY1 : DAY2, kind: 'left', outcome: i % 2 ? 'next' : 'back', ms: 10 }),
    ]).flat();
    await store.events.record(batch);
    const sums = await store.events.rollups({ flowId: 'signup' });
    expect(sums.map(({ step, kind, outcome, count, totalMs }) => [step, kind, outcome, count, totalMs])).toEqual([
      ['email', 'entered', null, 120, 0],
      ['email', 'left', 'back', 60, 600],
      ['email', 'left', 'next', 60, 600],
    ]);
    expect((await store.events.rollups({ flowId: 'signup', fromDay: '2026-03-02' })).find((r) => r.kind === 'entered')?.count).toBe(40);
    expect(await store.events.forRun('b7')).toHaveLength(2);
  });

  it('drops raw events past retention and keeps the rollups', async () => {
    await store.events.record([event({}), event({ runId: 'run-2', at: DAY2 })]);
    expect(await store.events.deleteBefore(new Date('2026-03-02T00:00:00Z'))).toBe(1);
    expect(await store.events.forRun('run-1')).toEqual([]);
    expect(await store.events.forRun('run-2')).toHaveLength(1);
    expect((await store.events.rollups({ flowId: 'signup' }))[0].count).toBe(2);
  });
});
