import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Run, User } from '../store/port.js';
import type { Page } from '../nodes/types.js';
import type { LoadedRun } from './runtime.js';
import { SecretBox } from '../identity/secret-box.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { MAX_RECORDED_ANSWERS, recordedAnswer, TryRecorder, type RecordedAnswer } from './try-recording.js';
import { caseFromRecording, recordedCaseName, type RecordedRun } from './recorded-case.js';
import { TestCaseSecrets } from './test-case-secrets.js';

const box = new SecretBox(randomBytes(32).toString('base64url'));
const secrets = new TestCaseSecrets(box);
const startedAt = new Date('2026-11-30T10:00:00Z');

/** A run at a step, as the runtime hands it to the recorder (only what the recorder reads). */
const at = (step: string, amr: string[] = [], user: Partial<User> | null = null): LoadedRun =>
  ({
    run: { id: 'run-1', origin: { kind: 'try' } } as unknown as Run,
    node: { id: step },
    state: { amr },
    user: user && { attributes: {}, emailVerified: true, createdAt: new Date('2026-01-01T00:00:00Z'), ...user },
  }) as unknown as LoadedRun;

const page = (fields: Page['fields']): Page => ({ title: 'A page', fields, actions: [] });

const answer = (a: Partial<RecordedAnswer> & { step: string }): RecordedAnswer => ({ values: {}, secret: [], code: [], proved: [], account: null, ...a });

describe('what "Try it" records of an answer', () => {
  it('keeps the fields the page showed, notes which are passwords and codes, and what the answer proved', () => {
    const shown = page([
      { name: 'email', label: 'Email', type: 'email', value: 'ada@example.com', readonly: true },
      { name: 'password', label: 'Password', type: 'password' },
      { name: 'code', label: 'Code', type: 'code' },
      { name: 'challenge', label: '', type: 'hidden', value: 'x' },
    ]);
    const recorded = recordedAnswer(at('password', ['otp']), shown, { email: 'ada@example.com', password: 'correct horse', code: '123456', challenge: 'x', action: 'verify' }, at('done', ['otp', 'pwd']));
    expect(recorded).toEqual({
      step: 'password',
      values: { password: 'correct horse', code: '123456' },
      action: 'verify',
      secret: ['password'],
      code: ['code'],
      proved: ['pwd'],
      account: null,
    });
  });

  it('stores each answer sealed, in order, and no more than a case can take', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const recorder = new TryRecorder(store.runs, box, 'try');
      await store.runs.create({ id: 'run-1', flowId: 'f', flowVersion: 0, graph: null, snapshot: { value: 'identify', context: {} }, revision: 0, browserHash: 'b', origin: { kind: 'try' }, status: 'active', createdAt: startedAt, updatedAt: startedAt, expiresAt: new Date(Date.now() + 60_000) });
      expect(recorder.records({ origin: { kind: 'try' } } as unknown as Run)).toBe(true);
      expect(recorder.records({ origin: { kind: 'direct' } } as unknown as Run)).toBe(false);
      const shown = page([{ name: 'password', label: 'Password', type: 'password' }]);
      for (let i = 0; i < MAX_RECORDED_ANSWERS + 2; i++) await recorder.record({ before: at('password'), page: shown, input: { password: `secret number ${i}` }, after: at('password') });
      const stored = await store.runs.recording('run-1');
      expect(stored).toHaveLength(MAX_RECORDED_ANSWERS);
      expect(stored.join()).not.toContain('secret number');
      const answers = await recorder.answers('run-1');
      expect(answers[0]!.values.password).toBe('secret number 0');
      expect(answers[MAX_RECORDED_ANSWERS - 1]!.values.password).toBe(`secret number ${MAX_RECORDED_ANSWERS - 1}`);
    } finally {
      await store.close();
    }
  });
});

describe('a recorded run turned into a test case', () => {
  const run = (r: Partial<RecordedRun>): RecordedRun => ({ answers: [], startedAt, at: 'done', ended: 'success', email: null, account: null, ...r });
  const open = (value: unknown) => secrets.open((value as { sealed: string }).sealed);

  it('makes a newcomer of an address nobody had, with the password sealed, codes as {code} and the end where it ended', () => {
    const made = caseFromRecording(
      run({
        email: 'grace@example.com',
        answers: [
          answer({ step: 'identify', values: { email: 'grace@example.com' } }),
          answer({ step: 'register', values: { email: 'grace@example.com', password: 'a long password' }, secret: ['password'], proved: ['pwd'] }),
          answer({ step: 'verify', values: { code: '123456' }, code: ['code'], action: 'verify' }),
        ],
      }),
      { id: 'grace', name: 'Grace signs up' },
      (v) => secrets.seal(v),
    );
    expect(made).toMatchObject({ id: 'grace', name: 'Grace signs up', persona: { email: 'grace@example.com', exists: false }, expect: { end: 'success', step: 'done' } });
    expect(made.persona.password).toBeUndefined();
    expect(made.answers[1]!.values.email).toBe('grace@example.com');
    expect(open(made.answers[1]!.values.password)).toBe('a long password');
    expect(JSON.stringify(made)).not.toContain('a long password');
    expect(made.answers[2]).toEqual({ step: 'verify', values: { code: '{code}' }, action: 'verify' });
  });

  it('makes a returning customer of an account older than the run: its attributes, and the password that proved it', () => {
    const account = { attributes: { given_name: 'Ada', nickname: { nested: true }, 'Bad-Name': 'x' }, emailVerified: false, createdAt: '2026-01-01T00:00:00Z' };
    const made = caseFromRecording(
      run({
        email: 'ada@example.com',
        answers: [
          answer({ step: 'identify', values: { email: 'ada@example.com' } }),
          answer({ step: 'password', values: { password: 'wrong guess' }, secret: ['password'], account }),
          answer({ step: 'password', values: { password: 'correct horse' }, secret: ['password'], proved: ['pwd'], account }),
          answer({ step: 'set-password', values: { password: 'a new one', confirm: 'a new one' }, secret: ['password', 'confirm'], account }),
        ],
      }),
      { id: 'ada', name: 'Ada' },
      (v) => secrets.seal(v),
    );
    expect(made.persona).toMatchObject({ email: 'ada@example.com', exists: true, emailVerified: false, attributes: { given_name: 'Ada' } });
    expect(open(made.persona.password)).toBe('correct horse');
    expect(open(made.answers[1]!.values.password)).toBe('wrong guess');
    expect(open(made.answers[3]!.values.confirm)).toBe('a new one');
  });

  it('expects a run saved half-way to wait where it is, and an account created during the run is a newcomer', () => {
    const made = caseFromRecording(
      run({ at: 'profile', ended: null, answers: [answer({ step: 'register', values: { email: 'new@example.com' }, account: { attributes: {}, emailVerified: true, createdAt: '2026-11-30T10:00:05Z' } })] }),
      { id: 'new', name: 'New' },
      (v) => secrets.seal(v),
    );
    expect(made.persona).toEqual({ email: 'new@example.com', exists: false });
    expect(made.expect).toEqual({ end: 'waits', step: 'profile' });
    expect(recordedCaseName('new@example.com', null, 'Your name')).toBe('Tried: new@example.com waits at "Your name"');
    expect(recordedCaseName('x@example.com', 'success', 'S'.repeat(200))).toHaveLength(120);
    // In the console's language, with the step named as the canvas names it in it.
    expect(recordedCaseName('new@example.com', null, 'Nama Anda', 'id')).toBe('Dicoba: new@example.com menunggu di "Nama Anda"');
    expect(recordedCaseName('x@example.com', 'success', 'Berhasil', 'id')).toBe('Dicoba: x@example.com berakhir dengan keberhasilan di "Berhasil"');
    expect(recordedCaseName(null, 'failure', 'Akun terkunci', 'id')).toBe('Dicoba: seseorang berakhir dengan kegagalan di "Akun terkunci"');
  });

  it("opens only a test case's secret: a value sealed by the same box for something else is refused", () => {
    expect(secrets.open(secrets.seal('pw'))).toBe('pw');
    expect(() => secrets.open(box.seal('a client secret'))).toThrow('not a secret of a test case');
    expect(secrets.sealCases([{ id: 'c', name: 'Stolen', persona: { email: 'a@example.com', exists: true, password: { sealed: box.seal('a client secret') } }, answers: [], expect: { end: 'success' } }], () => null)).toEqual({ unreadable: 'Stolen' });
  });
});
