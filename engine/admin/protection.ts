import { PERMISSIONS } from './roles.js';
import type { Store } from '../store/port.js';
import { BadRequest, Conflict, fieldRefused, NotFound } from '../http/errors.js';
import { paramsSchema } from '../http/ids.js';
import { RouteTable } from '../http/route-table.js';
import { inEveryLanguage } from '../http/words.js';
import { THRESHOLD_NAMES, THRESHOLD_RANGES, thresholdProblems, type ProtectionThresholdValues, type ProtectionThresholds } from '../protection/thresholds.js';
import { CAPTCHA_PROVIDERS, MissingCaptchaSecret, type CaptchaProvider, type CaptchaProviders } from '../protection/captcha.js';

/** Each threshold as the console labels it. */
const THRESHOLD_TITLES: Record<(typeof THRESHOLD_NAMES)[number], string> = {
  pairFailures: 'Wrong passwords or codes from one address before it is blocked for the account',
  pairBlockMinutes: 'Minutes that address stays blocked for the account',
  accountFailures: 'Failures on one account before it is slowed down',
  addressFailures: 'Failures from one address before it is refused',
  windowMinutes: 'Window of the account and address counts (minutes)',
  botChallengeAfterFailures: 'Failures from one address before the bot challenge is asked',
  botChallengeDifficulty: 'Proof-of-work difficulty',
};

const THRESHOLDS_BODY = {
  type: 'object',
  additionalProperties: false,
  required: [...THRESHOLD_NAMES, 'revision'],
  properties: {
    ...Object.fromEntries(THRESHOLD_NAMES.map((n) => [n, { type: 'integer', title: THRESHOLD_TITLES[n], ...THRESHOLD_RANGES[n] }])),
    revision: { type: 'integer', title: 'Revision', minimum: 0, description: 'the revision read (0: never saved); a save made since answers 409' },
  },
};

const UNBLOCK = {
  type: 'object',
  additionalProperties: false,
  required: ['key'],
  properties: { key: { type: 'string', title: 'Block', pattern: '^signin:(pair|address|account):', examples: ['signin:address:203.0.113.7'], maxLength: 600 } },
};

const CAPTCHA_PARAMS = paramsSchema({ provider: { type: 'string', enum: [...CAPTCHA_PROVIDERS] } });
const CAPTCHA_KEYS = {
  type: 'object',
  additionalProperties: false,
  required: ['siteKey'],
  properties: {
    siteKey: { type: 'string', title: 'Site key', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$', description: 'the public key the widget shows' },
    secret: { type: 'string', title: 'Secret key', minLength: 1, maxLength: 500, description: 'the secret key of the verify API; sealed at rest, never shown back; omit to keep the stored one' },
    verifyUrl: { type: ['string', 'null'], title: 'Verify API address', maxLength: 2000, description: "replaces the provider's verify API (an enterprise or regional endpoint); https, or http to this machine" },
  },
};
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A verify API's address: https, or http only to this machine. */
function verifyUrlOf(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fieldRefused('body', CAPTCHA_KEYS, '/verifyUrl', { en: 'is not a URL (like https://verify.example.com/siteverify)', id: 'bukan URL (seperti https://verify.example.com/siteverify)' });
  }
  if (url.username || url.password) throw fieldRefused('body', CAPTCHA_KEYS, '/verifyUrl', { en: 'must not carry a user name or password', id: 'tidak boleh memuat nama pengguna atau kata sandi' });
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw fieldRefused('body', CAPTCHA_KEYS, '/verifyUrl', { en: 'must use https (http only to localhost)', id: 'harus memakai https (http hanya ke localhost)' });
  }
  return url.toString();
}

const RISK_QUERY = { type: 'object', additionalProperties: false, properties: { limit: { type: 'string', title: 'Decisions to show', pattern: '^[1-9][0-9]{0,2}$', examples: ['50'] } } };

/** One decision of the risk step as the console shows it. */
export interface RiskDecision {
  id: string;
  at: string;
  userId: string | null;
  /** The account's email now (null: no such account, or it was deleted). */
  email: string | null;
  ip: string | null;
  level: string;
  score: number;
  reasons: string[];
}

type Block = { key: string; kind: 'pair' | 'address' | 'account'; account: string | null; address: string | null; failures: number; until: string };

/**
 * Admin API of attack protection: what the throttles hold now (addresses blocked for an account,
 * addresses refused or challenged, accounts slowed), unblocking one, and the thresholds in force.
 * Reading is for whoever may read users; unblocking for whoever may help them (support).
 */
export function protectionRouter(deps: { store: Store; thresholds: ProtectionThresholds; captcha: CaptchaProviders; now?: () => Date }): RouteTable {
  const { store, thresholds, captcha } = deps;
  const now = () => deps.now?.() ?? new Date();
  const routes = new RouteTable();

  routes.get('/protection', { permission: PERMISSIONS.usersRead, summary: 'Blocked addresses and slowed accounts now, and the thresholds in force (with the configuration\'s and the revision)' }, async (_req, res) => {
    const at = now();
    const view = await thresholds.view();
    const settings = view.values;
    const read = async (kind: Block['kind'], from: number): Promise<Block[]> =>
      (await store.counters.listActive(`signin:${kind}:`, from, at, 200)).map((c) => {
        const subject = c.key.slice(`signin:${kind}:`.length);
        const [account, address] = kind === 'pair' ? [subject.slice(0, subject.lastIndexOf('|')), subject.slice(subject.lastIndexOf('|') + 1)] : kind === 'account' ? [subject, null] : [null, subject];
        return { key: c.key, kind, account, address, failures: c.count, until: c.expiresAt.toISOString() };
      });
    const [pairs, addresses, accounts] = await Promise.all([
      read('pair', settings.pairFailures),
      read('address', Math.min(settings.botChallengeAfterFailures, settings.addressFailures)),
      read('account', settings.accountFailures),
    ]);
    res.json({
      settings,
      thresholds: view,
      blocks: [
        ...pairs,
        ...addresses.map((a) => ({ ...a, state: a.failures >= settings.addressFailures ? 'blocked' : 'challenged' })),
        ...accounts.map((a) => ({ ...a, state: 'slowed' })),
      ],
    });
  });

  routes.post('/protection/unblock', { permission: PERMISSIONS.usersWrite, summary: 'End a block: an address for an account, an address, or an account\'s slow-down', body: UNBLOCK }, async (req, res) => {
    const key = String((req.body as { key: string }).key);
    const [live] = await store.counters.listActive(key, 0, now(), 1);
    if (!live || live.key !== key) throw new NotFound({ en: 'No such block.', id: 'Blokir tidak ditemukan.' });
    await store.counters.reset(key);
    await store.audit.record({ at: now(), type: 'protection.unblocked', userId: null, actor: req.admin?.id ?? null, ip: req.ip ?? null, details: { key } });
    res.json({ unblocked: key });
  });

  routes.put('/protection/thresholds', { permission: PERMISSIONS.settingsWrite, summary: 'Change the thresholds on every instance (all of them, with the revision read); audited with what changed', body: THRESHOLDS_BODY }, async (req, res) => {
    const { revision, ...values } = req.body as ProtectionThresholdValues & { revision: number };
    const problems = thresholdProblems(values);
    if (problems.length) throw new BadRequest(inEveryLanguage((lang) => problems.map((p) => p[lang]).join(' ')));
    const saved = await thresholds.save(values, revision, req.admin?.email ?? req.admin?.id ?? null);
    if (!saved) throw new Conflict({ en: 'Someone changed the thresholds meanwhile: reload them and try again.', id: 'Seseorang telah mengubah ambang batas sementara itu: muat ulang lalu coba lagi.' });
    await store.audit.record({ at: now(), type: 'protection.thresholds-changed', userId: null, actor: req.admin?.id ?? null, ip: req.ip ?? null, details: { changed: saved.changed } });
    res.json(saved.view);
  });

  routes.delete('/protection/thresholds', { permission: PERMISSIONS.settingsWrite, summary: "Back to the configuration's thresholds on every instance; audited", status: 204 }, async (req, res) => {
    if (await thresholds.reset()) {
      await store.audit.record({ at: now(), type: 'protection.thresholds-reset', userId: null, actor: req.admin?.id ?? null, ip: req.ip ?? null, details: {} });
    }
    res.status(204).end();
  });

  routes.get('/protection/risk', { permission: PERMISSIONS.usersRead, summary: 'Recent decisions of the risk step, newest first: level, score, reasons, account and address', query: RISK_QUERY }, async (req, res) => {
    const limit = Math.min(Number((req.query as { limit?: string }).limit ?? 50), 200);
    const events = await store.audit.list({ type: 'risk.assessed', limit });
    const ids = [...new Set(events.map((e) => e.userId).filter((id): id is string => Boolean(id)))];
    const emails = new Map((await store.users.findByIds(ids)).map((u) => [u.id, u.email]));
    const decisions: RiskDecision[] = events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      userId: e.userId,
      email: e.userId ? (emails.get(e.userId) ?? null) : null,
      ip: e.ip,
      level: String(e.details.level ?? ''),
      score: Number(e.details.score ?? 0),
      reasons: Array.isArray(e.details.reasons) ? e.details.reasons.map(String) : [],
    }));
    res.json({ decisions });
  });

  routes.get('/protection/captcha', { permission: PERMISSIONS.settingsRead, summary: 'CAPTCHA providers with keys set, for the bot challenge (never their secrets)' }, async (_req, res) => {
    res.json({ providers: await captcha.list() });
  });

  routes.put('/protection/captcha/:provider', { permission: PERMISSIONS.settingsWrite, summary: "Set a CAPTCHA provider's site key and secret (sealed; omit the secret to keep it)", params: CAPTCHA_PARAMS, body: CAPTCHA_KEYS }, async (req, res) => {
    const provider = String(req.params.provider) as CaptchaProvider;
    const body = req.body as { siteKey: string; secret?: string; verifyUrl?: string | null };
    let view;
    try {
      view = await captcha.save(provider, { siteKey: body.siteKey, secret: body.secret, verifyUrl: verifyUrlOf(body.verifyUrl) }, req.admin?.email ?? req.admin?.id ?? null);
    } catch (err) {
      if (err instanceof MissingCaptchaSecret) throw new BadRequest({ en: err.message, id: 'Penyimpanan pertama sebuah penyedia memerlukan kunci rahasianya.' });
      throw err;
    }
    await store.audit.record({ at: now(), type: 'protection.captcha-saved', userId: null, actor: req.admin?.id ?? null, ip: req.ip ?? null, details: { provider, secretChanged: Boolean(body.secret) } });
    res.json(view);
  });

  routes.delete('/protection/captcha/:provider', { permission: PERMISSIONS.settingsWrite, summary: "Remove a CAPTCHA provider's keys (bot challenges using it then let nobody through)", params: CAPTCHA_PARAMS, status: 204 }, async (req, res) => {
    const provider = String(req.params.provider) as CaptchaProvider;
    if (!(await captcha.remove(provider))) throw new NotFound({ en: 'No keys are set for this provider.', id: 'Belum ada kunci yang diatur untuk penyedia ini.' });
    await store.audit.record({ at: now(), type: 'protection.captcha-removed', userId: null, actor: req.admin?.id ?? null, ip: req.ip ?? null, details: { provider } });
    res.status(204).end();
  });
  return routes;
}
