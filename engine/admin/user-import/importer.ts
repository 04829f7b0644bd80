import { DuplicateError, normaliseEmail, type Store } from '../../store/port.js';
import type { SchemaAttribute } from '../../identity/schema.js';
import type { Translator } from '../../hosted/i18n.js';
import { domainEvents } from '../../outbox/domain-events.js';
import { importedHashProblem } from '../../methods/password/imported-hashes.js';
import { checkProfileValues } from '../profile-values.js';
import type { Language, Words } from '../../languages.js';
import type { ImportRecord, UploadLine } from './records.js';

/** What became of one line of an import; `Reason` is why (in every language, or said in one). */
export type ImportLineResult<Reason = Words> =
  | { line: number; result: 'created'; email: string; id: string; password: boolean; linkSent?: boolean }
  | { line: number; result: 'skipped'; email: string; reason: Reason }
  | { line: number; result: 'refused'; field: string | null; reason: Reason; email?: string };

export interface ImportSummary<Reason = Words> {
  created: number;
  skipped: number;
  refused: number;
  lines: ImportLineResult<Reason>[];
}

/** The summary as answered to a request in `lang`: each line's reason in that language. */
export function summaryIn(summary: ImportSummary, lang: Language): ImportSummary<string> {
  return { ...summary, lines: summary.lines.map((l) => ('reason' in l ? { ...l, reason: l.reason[lang] } : l)) };
}

const EMAIL_TAKEN: Words = { en: 'An account with this email address exists already.', id: 'Sudah ada akun dengan alamat email ini.' };

/** Why a valid-looking record still cannot be imported (the identity schema's rules, the hash's encoding). */
function recordProblem(record: ImportRecord, schema: readonly SchemaAttribute[], translate: Translator): { field: string; reason: Words } | { attributes: Record<string, unknown> } {
  const checked = checkProfileValues(schema, record.attributes ?? {}, translate);
  if (!checked.ok) return { field: `attributes.${checked.field}`, reason: checked.words };
  if (record.passwordHash !== undefined) {
    const problem = importedHashProblem(record.passwordHash);
    if (problem) return { field: 'passwordHash', reason: { en: `The password hash ${problem.en}.`, id: `Hash kata sandi ${problem.id}.` } };
  }
  return { attributes: Object.fromEntries(Object.entries(checked.values).filter(([, v]) => v !== null)) };
}

/**
 * Imports people line by line: each refused line says why (its line and field), an email that has an
 * account already is skipped (never merged or overwritten), and each person is created with their
 * password hash in one write (never half a person). `onCreated` runs after each creation (the audit).
 */
export async function importPeople(
  store: Store,
  lines: readonly UploadLine[],
  schema: readonly SchemaAttribute[],
  translate: Translator,
  onCreated: (userId: string, email: string) => Promise<void>,
): Promise<ImportSummary> {
  const results: ImportLineResult[] = [];
  for (const item of lines) {
    if (!('record' in item)) {
      results.push({ line: item.line, result: 'refused', field: item.field, reason: item.reason, ...(item.email ? { email: item.email } : {}) });
      continue;
    }
    const { record, line } = item;
    const email = normaliseEmail(record.email);
    const checked = recordProblem(record, schema, translate);
    if ('field' in checked) {
      results.push({ line, result: 'refused', field: checked.field, reason: checked.reason, email });
      continue;
    }
    const taken = { line, result: 'skipped' as const, email, reason: EMAIL_TAKEN };
    if (await store.users.findByEmail(email)) {
      results.push(taken);
      continue;
    }
    try {
      const user = await store.users.create(
        { email, emailVerified: record.emailVerified ?? false, attributes: checked.attributes, language: record.language ?? null },
        record.passwordHash ? { type: 'password', data: { hash: record.passwordHash } } : undefined,
        undefined,
        domainEvents.userCreated('import'),
      );
      await onCreated(user.id, email);
      results.push({ line, result: 'created', email, id: user.id, password: record.passwordHash !== undefined });
    } catch (err) {
      // Someone signed up with this address between the look-up and the write.
      if (err instanceof DuplicateError) results.push(taken);
      else throw err;
    }
  }
  const count = (r: ImportLineResult['result']) => results.filter((x) => x.result === r).length;
  return { created: count('created'), skipped: count('skipped'), refused: count('refused'), lines: results };
}
