import { beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../engine/flow/schema.js';
import { useGerbang } from '../support/gerbang.js';

/**
 * Every input of the admin API, refused, names the field by the title its schema gives it (the
 * console's label), with the field's JSON pointer beside the words. The routes are read from the
 * API's own description (generated from the route tables it mounts), so a new route cannot slip by.
 */

const TOKEN = 'admin-input-words-token-0123456789abcdef';
type Schema = Record<string, unknown>;
interface Operation {
  parameters?: Array<{ name: string; in: string; schema: Schema }>;
  requestBody?: { content: { 'application/json': { schema: Schema } } };
}
interface Refusal {
  error: string;
  message: string;
  pointer?: string;
  invalid?: Array<{ in: string; pointer: string; message: string }>;
}

const ajv = createAjv();
const titleOf = (schema: Schema) => (typeof schema.title === 'string' ? schema.title : undefined);
const propertiesOf = (schema: Schema) => Object.entries((schema.properties ?? {}) as Record<string, Schema>);
const typesOf = (schema: Schema) => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []) as string[];

/** A JSON value the field's schema refuses for its kind: a number where text is wanted, text where a number is. */
const wrongJson = (schema: Schema): unknown => (typesOf(schema).some((t) => t === 'number' || t === 'integer') ? 'not a number' : 12345);

/** Text (a query value) the parameter's schema refuses. */
function wrongText(schema: Schema): string | undefined {
  if (Array.isArray(schema.enum)) return 'none-of-these';
  if (schema.pattern || schema.format) return '!! not like this';
  if (typeof schema.maxLength === 'number') return 'x'.repeat(schema.maxLength + 1);
  return undefined;
}

/** A path parameter's value its schema accepts (the body is refused after the path is accepted). */
function validParam(schema: Schema): string {
  const candidates = [...((schema.enum as string[] | undefined) ?? []), 'abc', 'abc-1', '1', 'A'.repeat(24), `evt_${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}:abc`];
  const valid = ajv.compile(schema);
  const found = candidates.find((c) => valid(c));
  if (!found) throw new Error(`no value for a path parameter of schema ${JSON.stringify(schema)}`);
  return found;
}

interface Case {
  route: string;
  part: 'body' | 'query';
  /** The request's body or query, with one wrong field. */
  input: Record<string, unknown>;
  pointer: string;
  /** The words the message must hold: the field's title (and its number in a list). */
  words: string;
}

/** One wrong value for each field of a schema and each field one level inside it (an item of a list, a field of a group). */
function bodyCases(route: string, schema: Schema): Case[] {
  const cases: Case[] = [];
  for (const [key, field] of propertiesOf(schema)) {
    cases.push({ route, part: 'body', input: { [key]: wrongJson(field) }, pointer: `/${key}`, words: titleOf(field) ?? `(no title for ${key})` });
    const items = field.items as Schema | undefined;
    if (items && typesOf(items).length) {
      cases.push({ route, part: 'body', input: { [key]: [wrongJson(items)] }, pointer: `/${key}/0`, words: titleOf(items) ? `${titleOf(items)} 1` : `(no title for the items of ${key})` });
    }
    for (const [inner, innerField] of propertiesOf(field).slice(0, 3)) {
      cases.push({ route, part: 'body', input: { [key]: { [inner]: wrongJson(innerField) } }, pointer: `/${key}/${inner}`, words: titleOf(innerField) ?? `(no title for ${key}.${inner})` });
    }
  }
  // A body of named entries (a profile): a name it does not take is refused in the words of its title.
  if (!propertiesOf(schema).length && schema.propertyNames) {
    cases.push({ route, part: 'body', input: { 'Not a name!': 'x' }, pointer: '/Not a name!', words: titleOf(schema) ?? '(no title for the body)' });
  }
  return cases;
}

describe('admin API refusals in the console’s words', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    paths = ((await (await fetch(`${gerbang.url}/api/openapi.json`)).json()) as { paths: typeof paths }).paths;
  }, 60_000);

  const send = async (method: string, path: string, c: Pick<Case, 'part' | 'input'>) => {
    const query = c.part === 'query' ? `?${new URLSearchParams(c.input as Record<string, string>)}` : '';
    const res = await fetch(`${gerbang.url}/api${path}${query}`, {
      method: method.toUpperCase(),
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: c.part === 'body' ? JSON.stringify(c.input) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Refusal };
  };

  it('names the field by its title, with its JSON pointer, for every field of every route that takes input', async () => {
    const cases: Array<Case & { method: string; path: string }> = [];
    for (const [template, operations] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const parameters = op.parameters ?? [];
        const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(validParam(parameters.find((p) => p.name === name)!.schema)));
        const route = `${method.toUpperCase()} ${template}`;
        const body = op.requestBody?.content['application/json'].schema;
        if (body) cases.push(...bodyCases(route, body).map((c) => ({ ...c, method, path })));
        for (const q of parameters.filter((p) => p.in === 'query')) {
          const wrong = wrongText(q.schema);
          if (wrong !== undefined) cases.push({ route, part: 'query', input: { [q.name]: wrong }, pointer: `/${q.name}`, words: titleOf(q.schema) ?? `(no title for ${q.name})`, method, path });
        }
      }
    }
    // Every area of the API takes input somewhere: a description that lost its routes would pass empty.
    expect(new Set(cases.map((c) => c.route.split(' ')[1].split('/')[1])).size).toBeGreaterThan(12);

    const failures: string[] = [];
    for (const c of cases) {
      const { status, body } = await send(c.method, c.path, c);
      const problem = body.invalid?.find((p) => p.pointer === c.pointer);
      if (status !== 400 || !problem || !problem.message.includes(c.words) || problem.in !== c.part) {
        failures.push(`${c.route} ${c.part} ${JSON.stringify(c.input)}: expected "${c.words}" at ${c.pointer}; got ${status} ${JSON.stringify(body)}`);
      }
      // The message people read never is a JSON path.
      if (/(^|\s)(body|query)?\/\w|must match|must NOT|must have required/.test(body.message)) failures.push(`${c.route}: "${body.message}" reads like a JSON path`);
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('says what is wrong in plain words, the pointer beside them, for a few routes', async () => {
    const app = await send('post', '/apps', { part: 'body', input: { name: '', type: 'public', redirectUris: ['not a url at all'], flowId: 'login-signup', branding: { primaryColor: 'red' } } });
    expect(app.status).toBe(400);
    expect(app.body.invalid).toEqual(
      expect.arrayContaining([
        { in: 'body', pointer: '/name', message: 'Name cannot be empty.' },
        { in: 'body', pointer: '/branding/primaryColor', message: 'Branding, Primary colour is not written the expected way (like "#1a73e8").' },
      ]),
    );

    const admin = await send('post', '/admins', { part: 'body', input: { email: 'someone@example.com', role: 'boss' } });
    expect(admin.body).toMatchObject({ error: 'invalid_request', message: 'Role must be one of: owner, administrator, designer, publisher, support, auditor.', pointer: '/role', in: 'body' });

    const missing = await send('put', '/webhooks/wh_1', { part: 'body', input: {} });
    expect(missing.body.message).toBe('The request needs at least one field.');

    const webhook = await send('post', '/webhooks', { part: 'body', input: { url: 'https://example.com/hook', eventTypes: ['user.created'], extra: true } });
    expect(webhook.body).toMatchObject({ message: '"extra" is not a field this request takes.', pointer: '/extra' });

    const org = await send('post', '/organisations', { part: 'body', input: { id: 'acme', name: 'Acme', domains: ['acme.example', 'not a domain'] } });
    expect(org.body).toMatchObject({ message: 'Domain 2 is not written the expected way (like "acme.example").', pointer: '/domains/1' });

    // The provider's own fields are asked for once its type is chosen, not before.
    const connection = await send('put', '/social-connections/acme', { part: 'body', input: { label: 'Acme' } });
    expect(connection.body.message).toBe('Provider type is required. Client ID is required.');

    const audit = await send('get', '/audit', { part: 'query', input: { from: 'yesterday' } });
    expect(audit.body).toMatchObject({ message: 'From is not written the expected way (like "2026-01-31").', in: 'query', pointer: '/from' });

    // A route's own rules beyond its schema name the field the same way.
    const http = await send('post', '/webhooks', { part: 'body', input: { url: 'http://crm.example.com/hook', eventTypes: ['user.created'] } });
    expect(http.body).toMatchObject({ message: 'URL must use https (http only to localhost).', pointer: '/url' });
    const purpose = await send('post', '/webhooks', { part: 'body', input: { url: 'https://crm.example.com/hook', eventTypes: ['user.created'], attributes: [{ name: 'email' }, { name: 'given_name', purpose: 'nope' }] } });
    expect(purpose.body).toMatchObject({ message: 'Released attribute 2, Consent purpose is "nope", which is no consent purpose.', pointer: '/attributes/1/purpose' });
    const range = await send('get', '/audit', { part: 'query', input: { from: '2026-02-01', to: '2026-01-01' } });
    expect(range.body).toMatchObject({ message: 'From is after To.', in: 'query', pointer: '/from' });
  });
});
