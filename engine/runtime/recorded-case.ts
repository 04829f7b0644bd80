import { CODE_PLACEHOLDER, type JourneyTestCase, type TestAnswer, type TestPersona, type TestValue } from '../flow/test-cases.js';
import type { RecordedAnswer } from './try-recording.js';
import { testCaseWords } from '../flow/test-case-words.js';

/**
 * Turns a recorded "Try it" run into a saved test case: the persona from what was entered (and the
 * account the run met, as it was then), the answers per step, and the expected end where the run
 * ended, or the step it waits at when it is saved half-way. Passwords come out sealed; one-time codes
 * become `{code}`, the code the sandbox sends when the case runs.
 */
export interface RecordedRun {
  answers: RecordedAnswer[];
  /** When the run started: an account created after it was created by the run (a newcomer). */
  startedAt: Date;
  /** The step the run is at now, and how it ended when that step is an end. */
  at: string;
  ended: 'success' | 'failure' | null;
  /** The address the run knows the person by at the end (the account's, else the one typed). */
  email: string | null;
  /** The account the run knows at the end (met before any answer showed it, e.g. saved at the password step). */
  account: RecordedAnswer['account'];
}

/** Names the persona's attributes may have (flow/test-cases.ts). */
const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_ATTRIBUTES = 50;
/** Stands in for an address when the run was saved before any was typed. */
export const UNKNOWN_EMAIL = 'person@example.com';

export function caseFromRecording(run: RecordedRun, naming: { id: string; name: string }, seal: (plaintext: string) => string): JourneyTestCase {
  const sealed = (value: string): TestValue => ({ sealed: seal(value) });
  const met = run.answers.find((a) => a.account)?.account ?? run.account;
  // The account existed before the run: the persona has it, with the password that proved it.
  const existed = met !== null && new Date(met.createdAt).getTime() < run.startedAt.getTime();
  const email = run.email ?? typedEmail(run.answers) ?? UNKNOWN_EMAIL;
  const persona: TestPersona = { email, exists: existed };
  if (existed) {
    const proof = [...run.answers].reverse().find((a) => a.proved.includes('pwd') && a.secret.some((f) => a.values[f]));
    const password = proof?.values[proof.secret.find((f) => proof.values[f])!];
    if (password) persona.password = sealed(password);
    persona.emailVerified = met.emailVerified;
    const attributes = personaAttributes(met.attributes);
    if (Object.keys(attributes).length) persona.attributes = attributes;
  }
  const answers: TestAnswer[] = run.answers.map((a) => ({
    step: a.step,
    values: Object.fromEntries(
      Object.entries(a.values).map(([field, value]): [string, TestValue] => [field, a.code.includes(field) ? CODE_PLACEHOLDER : a.secret.includes(field) ? sealed(value) : value]),
    ),
    ...(a.action ? { action: a.action } : {}),
  }));
  return { id: naming.id, name: naming.name, persona, answers, expect: { end: run.ended ?? 'waits', step: run.at } };
}

/** The first address typed in a field named like one. */
function typedEmail(answers: RecordedAnswer[]): string | null {
  for (const a of answers) {
    for (const [field, value] of Object.entries(a.values)) if (/email/i.test(field) && /^[^\s@]+@[^\s@]+$/.test(value)) return value;
  }
  return null;
}

/** The account's attributes a persona can carry: plain values under valid names. */
function personaAttributes(attributes: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (Object.keys(out).length >= MAX_ATTRIBUTES || !ATTRIBUTE_NAME.test(key)) continue;
    if (typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value.length <= 500)) out[key] = value;
  }
  return out;
}

/** "ada@example.com: ends in success at "Success"" (at most 120 characters, as a case's name). */
export function recordedCaseName(email: string | null, ended: 'success' | 'failure' | null, atLabel: string, lang: string = 'en'): string {
  const w = testCaseWords(lang);
  const who = email ?? w.someone;
  const name = ended ? w.triedAndEnded(who, w.ends[ended], atLabel) : w.triedAndWaits(who, atLabel);
  return name.length <= 120 ? name : `${name.slice(0, 119)}…`;
}
