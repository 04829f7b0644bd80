import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES } from '../languages.js';
import { BadRequest, fieldRefused } from './errors.js';
import { inLanguage } from './words.js';

/**
 * Every refusal the console can meet declares its words in every language: the compiler checks that a
 * `{ en, id }` has both, and this test finds the refusals that give one language only (a string or a
 * template where the words belong), reading the sources of the admin API, the apps' rules and the
 * organisations' rules. Text a peer or a library sent (an SMTP server's answer) is passed through as
 * it came and is not written here.
 */

const ENGINE = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The journey routes say their words through the designer's own `lang` (their own area). */
const ELSEWHERE = new Set(['flows.ts', 'drafts.ts', 'designer.ts']);
const SOURCES = [
  ...readdirSync(join(ENGINE, 'admin'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !ELSEWHERE.has(f))
    .map((f) => join(ENGINE, 'admin', f)),
  join(ENGINE, 'oidc', 'apps.ts'),
  join(ENGINE, 'oidc', 'redirect-uris.ts'),
  join(ENGINE, 'organisations', 'service.ts'),
  // What apps and people meet: the account API, the provider's interactions and device pages.
  join(ENGINE, 'account', 'api.ts'),
  join(ENGINE, 'oidc', 'interactions.ts'),
  join(ENGINE, 'oidc', 'device.ts'),
  // The hosted pages' own refusals (a person reads them on the error page).
  ...readdirSync(join(ENGINE, 'hosted'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(ENGINE, 'hosted', f)),
];

/** Where each refusal takes its words: the argument's index. */
const WORDS_AT: Record<string, number> = { BadRequest: 0, Unauthorized: 0, Forbidden: 0, NotFound: 0, Conflict: 0, HttpError: 2, FieldInvalid: 1, fieldRefused: 3 };

/** Words in one language only: a string, a template, or strings joined. */
function oneLanguage(node: ts.Expression): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) return true;
  if (ts.isParenthesizedExpression(node)) return oneLanguage(node.expression);
  if (ts.isConditionalExpression(node)) return oneLanguage(node.whenTrue) || oneLanguage(node.whenFalse);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return true;
  // `err.message`: an inner error's English, unless the refusal says it in the other languages too.
  return ts.isPropertyAccessExpression(node) && node.name.text === 'message';
}

function refusalsInOneLanguage(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const call = ts.isNewExpression(node) || ts.isCallExpression(node) ? node : null;
    const callee = call && ts.isIdentifier(call.expression) ? call.expression.text : null;
    if (callee && callee in WORDS_AT && (ts.isNewExpression(node) || callee === 'fieldRefused')) {
      const words = call!.arguments?.[WORDS_AT[callee]];
      if (words && oneLanguage(words)) found.push(`${relative(ENGINE, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText().slice(0, 100)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('refusals in every language', () => {
  it("every refusal of the admin API's routes and rules, the account API and the provider's pages declares its words in English and Bahasa Indonesia", () => {
    expect(SOURCES.length).toBeGreaterThan(15);
    expect(SOURCES.flatMap(refusalsInOneLanguage)).toEqual([]);
  });

  it('finds a refusal said in English only', () => {
    const file = join(ENGINE, 'http', '__probe__.ts');
    const source = ts.createSourceFile(file, "throw new NotFound('No such thing.'); throw new NotFound({ en: 'No such thing.', id: 'Tidak ada.' });", ts.ScriptTarget.ES2022, true);
    const calls: string[] = [];
    ts.forEachChild(source, function walk(n): void {
      if (ts.isNewExpression(n) && n.arguments?.[0] && oneLanguage(n.arguments[0])) calls.push(n.getText());
      ts.forEachChild(n, walk);
    });
    expect(calls).toEqual(["new NotFound('No such thing.')"]);
  });

  it('a refusal says its words in the language asked, its English unchanged', () => {
    const refusal = new BadRequest({ en: 'No such thing.', id: 'Tidak ada hal seperti itu.' });
    expect(refusal.message).toBe('No such thing.');
    expect(LANGUAGE_CODES.map((lang) => refusal.messageIn(lang))).toEqual(['No such thing.', 'Tidak ada hal seperti itu.']);
    // Text that came in one language (a peer's answer) stays as it came.
    expect(inLanguage('550 mailbox unavailable', 'id')).toBe('550 mailbox unavailable');
  });

  it("a field refused by a route's rule is named by its label in each language", () => {
    const schema = { type: 'object', properties: { url: { type: 'string', title: 'URL' }, redirectUris: { type: 'array', title: 'Redirect URIs', items: { type: 'string', title: 'Redirect URI' } } } };
    const refused = fieldRefused('body', schema, '/redirectUris/1', { en: 'must use https', id: 'harus memakai https' });
    expect(refused.problems).toEqual([{ in: 'body', pointer: '/redirectUris/1', message: 'Redirect URI 2 must use https.', words: { en: 'Redirect URI 2 must use https.', id: 'URI pengalihan 2 harus memakai https.' } }]);
    expect(refused.messageIn('id')).toBe('URI pengalihan 2 harus memakai https.');
  });
});
