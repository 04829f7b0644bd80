import { describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import Database from 'better-sqlite3';
import mongoose from 'mongoose';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { openStore } from '../../engine/store/index.js';
import { TestBrowser } from '../support/browser.js';
import { startTestServer, tempDataDir, useGerbang } from '../support/gerbang.js';
import { demoAppAuthorization } from '../support/openid-journey.js';
import { migrations } from '../../engine/store/sqlite/migrations.js';
import { adapters, useAdapterEnv } from '../support/adapters.js';

const PASSWORD = 'correct horse battery';
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

/** Every string the store holds for the provider (ids and payloads), read from the database itself. */
async function stolenStrings(dataDir: string, mongodbUri: string | undefined): Promise<{ strings: string[]; raw: string }> {
  let rows: unknown[];
  if (mongodbUri) {
    const client = await mongoose.mongo.MongoClient.connect(mongodbUri);
    rows = await client.db().collection('oidc_artifacts').find().toArray();
    await client.close();
  } else {
    const db = new Database(join(dataDir, 'gerbang.sqlite'), { readonly: true });
    rows = (db.prepare('SELECT * FROM oidc_artifacts').all() as Array<Record<string, unknown>>).map((r) => ({ ...r, payload: JSON.parse(String(r.payload)) }));
    db.close();
  }
  const strings = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      strings.add(v);
      for (const part of v.split(/[:@.]/)) if (part.length >= 16) strings.add(part);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(rows);
  return { strings: [...strings].filter((s) => s.length >= 16), raw: JSON.stringify(rows) };
}

describe.each(adapters)('provider secrets at rest ($name)', (adapter) => {
  const database = useAdapterEnv(adapter);
  let clearKid: string;
  const gerbang = useGerbang(() => database.env, {
    // A store left by an earlier version: the signing key record holds the private key in clear.
    beforeStart: async (dataDir) => {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
      const jwk = await exportJWK(privateKey);
      clearKid = await calculateJwkThumbprint(jwk);
      const old = await openStore({ dataDir, mongodbUri: database.env.MONGODB_URI });
      await old.oidc.upsert('Gerbang:SigningKeys', 'jwks', { keys: [{ ...jwk, kid: clearKid, alg: 'RS256', use: 'sig' }] }, null);
      await old.close();
    },
  });

  async function tokensFor(address: string) {
    const config = await oidc.discovery(new URL(gerbang.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const { path, verifier, state } = demoAppAuthorization({ scope: 'openid profile email' });
    const browser = new TestBrowser(gerbang.url);
    await browser.get(path);
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    await browser.submit({ given_name: 'Rini', family_name: 'Wati' }, { action: 'save' });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: verifier, expectedState: state });
    return { config, tokens };
  }

  it('keeps no usable token in the database: a refresh token read from it is refused, the real one works', async () => {
    const { config, tokens: first } = await tokensFor(`rest.${Date.now()}@example.com`);
    // One refresh first: a rotated token and its successor are in the database too.
    const tokens = await oidc.refreshTokenGrant(config, first.refresh_token!);
    const { strings, raw } = await stolenStrings(gerbang.config.dataDir, database.env.MONGODB_URI);
    expect(raw).not.toContain(first.refresh_token!);
    expect(strings.length).toBeGreaterThan(5);
    // Neither the refresh token nor the access token is written anywhere in the database.
    expect(raw).not.toContain(tokens.refresh_token!);
    expect(raw).not.toContain(tokens.access_token);
    // The attack: present everything the database holds as a refresh token, then as an access token.
    for (const candidate of strings) {
      await expect(oidc.refreshTokenGrant(config, candidate)).rejects.toMatchObject({ error: 'invalid_grant' });
      const info = await fetch(`${gerbang.url}/me`, { headers: { authorization: `Bearer ${candidate}` } });
      expect(info.ok, 'userinfo with a string read from the database').toBe(false);
      expect(info.status).toBeLessThan(500);
    }
    // Tokens still work normally: userinfo with the access token, and a refresh.
    const claims = first.claims()!;
    expect(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)).toMatchObject({ sub: claims.sub, given_name: 'Rini' });
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toBeTruthy();
  });

  it('seals the signing keys at rest, after migrating the clear RSA key of an earlier version and adding an EC key beside it', async () => {
    const jwks = (await (await fetch(`${gerbang.url}/jwks`)).json()) as { keys: Array<{ kid: string; kty: string; crv?: string }> };
    // The RSA key of the earlier version is still the one in use, and an EC P-256 key was added...
    expect(jwks.keys.map((k) => [k.kty, k.crv])).toEqual([['RSA', undefined], ['EC', 'P-256']]);
    expect(jwks.keys[0].kid).toBe(clearKid);
    // ...but no stored record holds any private part in clear.
    // Read through the running server's store: SQLite serves one process per data directory.
    for (const id of ['jwks', 'jwks-es256']) {
      const record = await gerbang.store.oidc.find('Gerbang:SigningKeys', id);
      expect(record).not.toBeNull();
      expect(record).not.toHaveProperty('keys');
      const text = JSON.stringify(record);
      for (const member of PRIVATE_JWK_MEMBERS) expect(text).not.toContain(`"${member}":`);
      expect(text).not.toContain(clearKid);
      expect(text).not.toContain(jwks.keys[1].kid);
    }
  });
});

describe('data directory permissions', () => {
  it('creates the data directory 0700 and the database 0600', async () => {
    const parent = tempDataDir();
    const dir = join(parent.dir, 'fresh');
    const gerbang = await startTestServer({ DATA_DIR: dir });
    try {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'gerbang.sqlite')).mode & 0o777).toBe(0o600);
    } finally {
      await gerbang.close();
      parent.cleanup();
    }
  });

  it('leaves an existing directory as it is, with a warning when other users can read it', async () => {
    const { prepareDataDir } = await import('../../engine/store/data-dir.js');
    const parent = tempDataDir();
    const open = join(parent.dir, 'open');
    mkdirSync(open, { mode: 0o755 });
    try {
      expect(prepareDataDir(open).warning).toMatch(/accessible to other users \(mode 0755\).*chmod 700/);
      expect(statSync(open).mode & 0o777).toBe(0o755);
      expect(prepareDataDir(parent.dir).warning).toBeNull(); // mkdtemp makes it 0700
    } finally {
      parent.cleanup();
    }
  });
});

describe('upgrading a store that kept provider tokens under their raw value', () => {
  const legacyRows = async (store: Awaited<ReturnType<typeof openStore>>) => {
    await store.oidc.upsert('RefreshToken', 'raw-refresh-token-from-an-earlier-version', { jti: 'raw-refresh-token-from-an-earlier-version', kind: 'RefreshToken' }, null);
    await store.oidc.upsert('Gerbang:SigningKeys', 'jwks', { keys: [{ kid: 'k' }] }, null);
  };

  it('drops them from SQLite on start and keeps the signing keys', async () => {
    const data = tempDataDir();
    try {
      // The database as the version before provider ids were hashed left it: the migrations up to then,
      // and provider rows keyed by the bearer token itself. Starting runs each later migration once.
      const upTo = migrations.findIndex((m) => m.includes('DELETE FROM oidc_artifacts'));
      const db = new Database(join(data.dir, 'gerbang.sqlite'));
      for (const migration of migrations.slice(0, upTo)) db.exec(migration);
      db.pragma(`user_version = ${upTo}`);
      const insert = db.prepare('INSERT INTO oidc_artifacts (model, id, payload) VALUES (?, ?, ?)');
      insert.run('RefreshToken', 'raw-refresh-token-from-an-earlier-version', JSON.stringify({ jti: 'raw-refresh-token-from-an-earlier-version', kind: 'RefreshToken' }));
      insert.run('Gerbang:SigningKeys', 'jwks', JSON.stringify({ keys: [{ kid: 'k' }] }));
      db.close();
      const after = await openStore({ dataDir: data.dir });
      expect(await after.oidc.find('RefreshToken', 'raw-refresh-token-from-an-earlier-version')).toBeNull();
      expect(await after.oidc.find('Gerbang:SigningKeys', 'jwks')).toEqual({ keys: [{ kid: 'k' }] });
      await after.close();
    } finally {
      data.cleanup();
    }
  });

  it.each(adapters.filter((a) => a.name !== 'sqlite'))('drops them from $name on start, once, and keeps the signing keys', async (adapter) => {
    const { env, cleanup } = await adapter.env();
    try {
      const before = await openStore({ dataDir: '', mongodbUri: env.MONGODB_URI });
      await legacyRows(before);
      await before.close();
      // As if the database came from before the one-time change existed.
      const client = await mongoose.mongo.MongoClient.connect(env.MONGODB_URI);
      await client.db().collection('migrations').deleteMany({});
      await client.close();
      const after = await openStore({ dataDir: '', mongodbUri: env.MONGODB_URI });
      expect(await after.oidc.find('RefreshToken', 'raw-refresh-token-from-an-earlier-version')).toBeNull();
      expect(await after.oidc.find('Gerbang:SigningKeys', 'jwks')).toEqual({ keys: [{ kid: 'k' }] });
      // Done once: rows written afterwards stay through the next start.
      await after.oidc.upsert('RefreshToken', 'hashed-id', { kind: 'RefreshToken' }, null);
      await after.close();
      const again = await openStore({ dataDir: '', mongodbUri: env.MONGODB_URI });
      expect(await again.oidc.find('RefreshToken', 'hashed-id')).toEqual({ kind: 'RefreshToken' });
      await again.close();
    } finally {
      await cleanup();
    }
  });
});
