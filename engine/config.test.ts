import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, readConfig } from './config.js';
import { configurationTable, withConfigurationTable } from './config/docs.js';
import { VARIABLES } from './config/variables.js';
import { isEmail } from './identity/attributes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function problemsOf(env: Record<string, string>): string[] {
  try {
    readConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration declared as data', () => {
  it('starts from the documented defaults when the environment is empty', () => {
    const config = readConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.rateLimitPerMinute).toBe(6000);
    expect(config.runTtlMs).toBe(30 * 60_000);
    expect(config.sessionTtlMs).toBe(168 * 3_600_000);
    expect(config.trustProxy).toBe(false);
    expect(config.defaultFlowId).toBe('login-signup');
    expect(config.theme.name).toBe('Gerbang');
    expect(config.socialConnectors.size).toBe(0);
    // The bootstrap administrator of a bare start must get past the sign-in page's email check.
    expect(isEmail(config.adminEmail)).toBe(true);
  });

  it('refuses an out-of-range rate limit instead of silently using the default, naming the variable and the range', () => {
    const problems = problemsOf({ RATE_LIMIT_PER_MINUTE: '10000000' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('RATE_LIMIT_PER_MINUTE');
    expect(problems[0]).toContain('1–1000000');
  });

  it('reports every bad value at once, and never echoes a secret', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      TRUST_PROXY: 'yes please',
      THEME_PRIMARY_COLOR: 'red;}body{display:none',
      PUBLIC_URL: 'https://id.example.com/some/path',
      ADMIN_EMAIL: 'admin@localhost',
      GERBANG_SECRET: 'hunter2',
      SOCIAL_CONNECTIONS: '[{"name":"x"}]',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      ['ADMIN_EMAIL', 'GERBANG_SECRET', 'PORT', 'PUBLIC_URL', 'SOCIAL_CONNECTIONS', 'THEME_PRIMARY_COLOR', 'TRUST_PROXY'].sort(),
    );
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('checks variables that go together', () => {
    expect(problemsOf({ GOOGLE_CLIENT_ID: 'id-only' })).toEqual(['GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are set together.']);
    expect(problemsOf({ SMTP_USER: 'mailer', SMTP_PASSWORD: 'secret' })).toEqual(['SMTP_PORT, SMTP_USER, SMTP_PASSWORD need SMTP_HOST.']);
    expect(problemsOf({ SMTP_URL: 'smtp://mail.example.com', SMTP_HOST: 'mail.example.com' })).toHaveLength(1);
    expect(problemsOf({ SMS_API_TOKEN: 'token' })).toEqual(['SMS_API_TOKEN needs SMS_API_URL.']);
    expect(problemsOf({ SMTP_HOST: 'mail.example.com', SMTP_PORT: '465', SMTP_USER: 'mailer', SMTP_PASSWORD: 'secret' })).toEqual([]);
  });

  it('accepts valid values and types them', () => {
    const config = readConfig({ PORT: '8080', PUBLIC_URL: 'https://id.example.com/', TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '1000000', SMTP_HOST: 'mail.example.com', SMTP_PORT: '465' });
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBe('https://id.example.com');
    expect(config.trustProxy).toBe(true);
    expect(config.rateLimitPerMinute).toBe(1_000_000);
    expect(config.smtp.port).toBe(465);
    expect(config.settings.RATE_LIMIT_PER_MINUTE).toBe(1_000_000);
  });

  it('has a default and a meaning for every variable, and every default passes its own check', () => {
    for (const [name, variable] of Object.entries(VARIABLES)) {
      expect(variable.meaning, name).not.toBe('');
      expect(variable.allowed, name).not.toBe('');
      expect(() => variable.parse(undefined), name).not.toThrow();
    }
  });

  it('keeps the README configuration table generated from the declaration (npm run docs:config)', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    expect(withConfigurationTable(readme), 'README.md is out of date: run `npm run docs:config`').toBe(readme);
    for (const name of Object.keys(VARIABLES)) expect(configurationTable()).toContain(`| \`${name}\` |`);
  });

  it('stops `npm start` with a clear message when a value is out of range', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'engine/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, RATE_LIMIT_PER_MINUTE: '10000000', DATA_DIR: '/nonexistent/never-created' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('RATE_LIMIT_PER_MINUTE: "10000000" is not allowed; allowed: whole number 1–1000000.');
  });

  it('keeps docker-compose.yml and the Dockerfile within the declaration, with the same port everywhere', () => {
    const compose = readFileSync(`${ROOT}docker-compose.yml`, 'utf8');
    const service = compose.slice(compose.indexOf('\n  gerbang:'));
    const block = /\n {4}environment:\n((?: {6}.+\n)+)/.exec(service)![1];
    // Values compose takes when the operator sets only what it demands (the `:?` ones).
    const required: Record<string, string> = { GERBANG_SECRET: 'x'.repeat(44), ADMIN_PASSWORD: 'choose a long one' };
    const env: Record<string, string> = {};
    for (const line of block.trimEnd().split('\n')) {
      const [, name, value] = /^ {6}([A-Z_]+): (.*)$/.exec(line)!;
      expect(Object.keys(VARIABLES), `${name} in docker-compose.yml is not a declared variable`).toContain(name);
      env[name] = value.replace(/\$\{(\w+):-([^}]*)\}/g, (_m, _n, d: string) => d).replace(/\$\{(\w+):\?[^}]*\}/g, (_m, n: string) => required[n]);
    }
    const dockerfileEnv = /^ENV (.+)$/m.exec(readFileSync(`${ROOT}Dockerfile`, 'utf8'))![1];
    for (const [, name, value] of dockerfileEnv.matchAll(/(\w+)=(\S+)/g)) if (name in VARIABLES) env[name] ??= value;
    const config = readConfig(env);
    expect(config.mongodbUri).toMatch(/^mongodb:\/\/mongo:27017\//);
    expect(isEmail(config.adminEmail)).toBe(true);
    const [hostPort, containerPort] = /- "(\d+):(\d+)"/.exec(service)!.slice(1).map(Number);
    expect(containerPort).toBe(config.port);
    expect(new URL(config.publicUrl).port || '80').toBe(String(hostPort));
    expect(service).toContain(`http://localhost:${config.port}/healthz`);
  });
});
