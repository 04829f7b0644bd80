import { CODE_PLACEHOLDER, isSealed, type JourneyTestCase, type TestAnswer, type TestValue } from '../flow/test-cases.js';
import type { Sealer } from './try-recording.js';

/**
 * The secrets of saved test cases (a persona's password, a password typed at a step) are sealed by the
 * server's secret box and stay sealed in the store, in the designer and in published versions; only
 * the runner opens them, inside its sandbox. They are sealed under their own context, so a test case
 * can only ever open a test case's secret (never a client secret or a seed sealed by the same box).
 */
const CONTEXT = 'gerbang-test-case:';

export class TestCaseSecrets {
  constructor(private readonly box: Sealer) {}

  seal(plaintext: string): string {
    return this.box.seal(CONTEXT + plaintext);
  }

  /** Opens a test case's secret; throws when it is not one sealed by this server. */
  open(sealed: string): string {
    const opened = this.box.open(sealed);
    if (!opened.startsWith(CONTEXT)) throw new Error('This sealed value is not a secret of a test case.');
    return opened.slice(CONTEXT.length);
  }

  /** Whether a sealed value opens here (sealed by this server, for a test case). */
  opens(sealed: string): boolean {
    try {
      this.open(sealed);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A journey's cases as they are stored: a persona's password typed in clear is sealed, and so is an
   * answer typed in clear in a field its step's page shows as a password or a one-time code
   * (`secretFieldsOf`; null when the page is not known: then every answer of that step is sealed). The
   * `{code}` placeholder is no secret and stays as typed. Returns the cases, or the name of the first
   * case holding a sealed value this server cannot open.
   */
  sealCases(cases: JourneyTestCase[], secretFieldsOf: (step: string) => ReadonlySet<string> | null): { cases: JourneyTestCase[] } | { unreadable: string } {
    for (const c of cases) {
      const values: TestValue[] = [...(c.persona.password === undefined ? [] : [c.persona.password]), ...c.answers.flatMap((a) => Object.values(a.values))];
      if (values.some((v) => isSealed(v) && !this.opens(v.sealed))) return { unreadable: c.name };
    }
    return { cases: this.sealInClear(cases, secretFieldsOf) };
  }

  /** The cases with what they hold in clear sealed (as `sealCases`), leaving every value already sealed as it is. */
  sealInClear(cases: JourneyTestCase[], secretFieldsOf: (step: string) => ReadonlySet<string> | null): JourneyTestCase[] {
    const sealed = (value: string): TestValue => ({ sealed: this.seal(value) });
    const sealAnswer = (answer: TestAnswer): TestAnswer => {
      const secret = secretFieldsOf(answer.step);
      const inClear = (field: string, value: TestValue): value is string => typeof value === 'string' && value !== '' && value !== CODE_PLACEHOLDER && (!secret || secret.has(field));
      return { ...answer, values: Object.fromEntries(Object.entries(answer.values).map(([field, value]) => [field, inClear(field, value) ? sealed(value) : value])) };
    };
    return cases.map((c) => {
      const password = c.persona.password;
      const persona = typeof password === 'string' && password ? { ...c.persona, password: sealed(password) } : c.persona;
      return { ...c, persona, answers: c.answers.map(sealAnswer) };
    });
  }
}

/** Steps whose answers hold a value typed in clear: the ones whose pages `sealCases` needs to know. */
export function stepsAnsweredInClear(cases: JourneyTestCase[]): string[] {
  return [...new Set(cases.flatMap((c) => c.answers.filter((a) => Object.values(a.values).some((v) => typeof v === 'string' && v !== '' && v !== CODE_PLACEHOLDER)).map((a) => a.step)))];
}
