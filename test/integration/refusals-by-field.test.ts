import { describe, expect, it } from 'vitest';
import { tokenApi } from '../support/admin-api.js';
import { useGerbang } from '../support/gerbang.js';

const TOKEN = 'test-admin-token-0123456789';

/**
 * Refusals of the admin API's own rules (beyond a schema) say which field they are about, as a schema's
 * do: `invalid` lists `{ in, pointer, message }` and `pointer` is the first one's, so the console puts
 * each message under its field.
 */
describe('admin API refusals name their field', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
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

  it("an app's own rules name the field: each redirect URI at its place, the journey, the APIs", async () => {
    const uri = await call('POST', '/apps', { name: 'Shop', type: 'public', redirectUris: ['https://shop.example.com/cb', 'http://shop.example.com/cb'], flowId: 'login-signup' });
    expect(uri.status).toBe(400);
    expect(uri.body).toEqual({
      error: 'invalid_redirect_uri',
      message: '"http://shop.example.com/cb" must use https (http is allowed for localhost only)',
      in: 'body',
      pointer: '/redirectUris/1',
      invalid: [{ in: 'body', pointer: '/redirectUris/1', message: '"http://shop.example.com/cb" must use https (http is allowed for localhost only)' }],
    });

    const machine = await call('POST', '/apps', { name: 'Batch', type: 'machine', postLogoutRedirectUris: ['https://x.example.com/bye'], flowId: 'login-signup', resources: [] });
    expect(machine.status).toBe(400);
    expect(machine.body.error).toBe('invalid_client_metadata');
    expect(machine.body.invalid).toEqual([
      { in: 'body', pointer: '/postLogoutRedirectUris', message: 'machine apps have no redirect URIs' },
      { in: 'body', pointer: '/flowId', message: 'machine apps have no users, so no journey (flowId)' },
      { in: 'body', pointer: '/resources', message: 'machine apps need at least one API they may call (resources)' },
    ]);
    expect(machine.body.message).toBe('machine apps have no redirect URIs; machine apps have no users, so no journey (flowId); machine apps need at least one API they may call (resources)');

    const twice = await call('POST', '/apps', {
      name: 'Batch',
      type: 'machine',
      resources: [
        { indicator: 'https://api.example.com', scopes: ['a'] },
        { indicator: 'https://api.example.com', scopes: ['b'] },
      ],
    });
    expect(twice.body.invalid).toEqual([{ in: 'body', pointer: '/resources/1/indicator', message: 'each API (resource indicator) may be listed once' }]);

    const noJourney = await call('POST', '/apps', { name: 'Shop', type: 'public', redirectUris: ['https://shop.example.com/cb'], flowId: 'nope' });
    expect(noJourney.status).toBe(400);
    expect(noJourney.body).toMatchObject({ error: 'unknown_flow', pointer: '/flowId', message: 'There is no published journey "nope".' });
    const changed = await call('PUT', '/apps/demo-app', { redirectUris: [] });
    expect(changed.status).toBe(400);
    expect(changed.body).toMatchObject({ pointer: '/redirectUris', message: 'public apps need at least one redirect URI' });
  });

  it('the console\'s check of an app being typed answers the same problems, at the same places, saving nothing', async () => {
    const before = (await call('GET', '/apps')).body.length;
    const checked = await call('POST', '/apps/check', { type: 'native', redirectUris: ['com.example.shop:/cb', 'myapp:/cb'], postLogoutRedirectUris: [], flowId: 'nope' });
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({
      invalid: [
        { in: 'body', pointer: '/redirectUris/1', message: '"myapp:/cb" uses the scheme "myapp"; a native app\'s private-use scheme is a domain it controls in reverse order, like com.example.shop' },
        { in: 'body', pointer: '/flowId', message: 'There is no published journey "nope".' },
      ],
    });
    expect((await call('POST', '/apps/check', { type: 'public', redirectUris: ['https://shop.example.com/cb'], flowId: 'login-signup' })).body).toEqual({ invalid: [] });
    expect((await call('GET', '/apps')).body.length).toBe(before);
  });

  it("checks a step's settings without saving: each problem at its field, with what the settings form says under it", async () => {
    const checked = await call('POST', '/node-types/password/check', { settings: { maxAttempts: 500, lockMinutes: 15 } });
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({
      invalid: [{ in: 'body', pointer: '/settings/maxAttempts', message: 'Wrong passwords from one address before that address is blocked for the account must be at most 50.', said: 'Must be at most 50.' }],
    });
    const missing = await call('POST', '/node-types/http-request/check', { settings: {} });
    expect(missing.body.invalid.length).toBeGreaterThan(0);
    for (const p of missing.body.invalid) expect(p).toMatchObject({ in: 'body', pointer: expect.stringMatching(/^\/settings\/\w/), said: 'Required.' });
    expect((await call('POST', '/node-types/password/check', { settings: { maxAttempts: 8, lockMinutes: 15 } })).body).toEqual({ invalid: [] });
    const unknown = await call('POST', '/node-types/no-such-step/check', { settings: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('There is no step type "no-such-step".');
  });
});
