import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gerbang } from '../../engine/server.js';
import { tokenApi } from '../support/admin-api.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';

const TOKEN = 'test-admin-token-0123456789';

/**
 * Refusals of the admin API's own rules (beyond a schema) say which field they are about, as a schema's
 * do: `invalid` lists `{ in, pointer, message }` and `pointer` is the first one's, so the console puts
 * each message under its field.
 */
describe('admin API refusals name their field', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  beforeAll(async () => {
    data = tempDataDir();
    gerbang = await startTestServer({ DATA_DIR: data.dir, ADMIN_API_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await gerbang?.close();
    data?.cleanup();
  });
  const call = tokenApi(() => gerbang.url, TOKEN);

  it('a journey id already taken is a 409 about the id typed', async () => {
    const taken = await call('POST', '/flows', { id: 'login-signup', name: 'Members' });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({
      error: 'conflict',
      message: 'A journey with the id "login-signup" already exists; choose another id.',
      in: 'body',
      pointer: '/id',
      invalid: [{ in: 'body', pointer: '/id', message: 'A journey with the id "login-signup" already exists; choose another id.' }],
    });
    const copy = await call('POST', '/flows/login-signup/duplicate', { id: 'login-signup', name: 'Copy' });
    expect(copy.status).toBe(409);
    expect(copy.body.pointer).toBe('/id');
    // A template that does not exist is said under "Start from".
    const template = await call('POST', '/flows', { name: 'From nothing', template: 'no-such-template' });
    expect(template.status).toBe(404);
    expect(template.body).toMatchObject({ pointer: '/template', message: 'There is no template "no-such-template".' });
  });
});
