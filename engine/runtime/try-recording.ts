import type { RunsRepo, Run, User } from '../store/port.js';
import type { FormInput, Page } from '../nodes/types.js';
import type { AnswerRecorder, LoadedRun } from './runtime.js';

/**
 * "Try it" keeps what the tester answers at each step with the run, so the run can be saved as a test
 * case (runtime/recorded-case.ts). Each answer is sealed as a whole before it is stored: the passwords
 * and codes typed in a test are secrets like any other, never stored, logged or shown in clear.
 */

/** Seals and opens secrets at rest (identity/secret-box.ts). */
export interface Sealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** One answer as recorded: the step, what was typed in the page's fields and the button pressed. */
export interface RecordedAnswer {
  step: string;
  values: Record<string, string>;
  action?: string;
  /** Fields typed as passwords on the page: sealed in the test case. */
  secret: string[];
  /** One-time code fields: answered with `{code}` (the code the sandbox sends) in the test case. */
  code: string[];
  /** Methods this answer proved (`pwd` for the account's password). */
  proved: string[];
  /** The account the run knew when the answer was given, as it was then (null before anyone is known). */
  account: { attributes: Record<string, unknown>; emailVerified: boolean; createdAt: string } | null;
}

/** The most answers a recording keeps: a test case takes no more (flow/test-cases.ts). */
export const MAX_RECORDED_ANSWERS = 100;
/** The longest value a test case keeps for one field. */
const MAX_VALUE = 500;

/** The recorder of runs whose origin is `origin` (the "Try it" runs). */
export class TryRecorder implements AnswerRecorder {
  constructor(
    private readonly runs: Pick<RunsRepo, 'appendRecording' | 'recording'>,
    private readonly box: Sealer,
    private readonly origin: string,
  ) {}

  records(run: Run): boolean {
    return run.origin.kind === this.origin;
  }

  async record({ before, page, input, after }: { before: LoadedRun; page: Page; input: FormInput; after: LoadedRun }): Promise<void> {
    await this.runs.appendRecording(before.run.id, this.box.seal(JSON.stringify(recordedAnswer(before, page, input, after))), MAX_RECORDED_ANSWERS);
  }

  /** The run's answers, opened, oldest first. */
  async answers(runId: string): Promise<RecordedAnswer[]> {
    return (await this.runs.recording(runId)).map((entry) => JSON.parse(this.box.open(entry)) as RecordedAnswer);
  }
}

/** An account as a recording keeps it: what a test case's persona is made from. */
export function accountAsRecorded(user: User): NonNullable<RecordedAnswer['account']> {
  return { attributes: user.attributes, emailVerified: user.emailVerified, createdAt: user.createdAt.toISOString() };
}

/** What one answer keeps: only the fields the page showed the person (not hidden ones, not read-only ones). */
export function recordedAnswer(before: LoadedRun, page: Page, input: FormInput, after: LoadedRun): RecordedAnswer {
  const typed = page.fields.filter((f) => f.type !== 'hidden' && !f.readonly);
  const values: Record<string, string> = {};
  for (const f of typed) if (typeof input[f.name] === 'string' && input[f.name] !== '') values[f.name] = input[f.name]!.slice(0, MAX_VALUE);
  const had = new Set(before.state.amr);
  const user = before.user;
  return {
    step: before.node.id,
    values,
    ...(typeof input.action === 'string' && input.action ? { action: input.action.slice(0, 64) } : {}),
    secret: typed.filter((f) => f.type === 'password').map((f) => f.name),
    code: typed.filter((f) => f.type === 'code').map((f) => f.name),
    proved: after.state.amr.filter((m) => !had.has(m)),
    account: user ? accountAsRecorded(user) : null,
  };
}
