import type { Said } from '../flow/said.js';
import type { NodeContext, NodeType } from './types.js';
import type { Fact } from '../flow/steps.js';
import type { HttpCall } from '../orchestration/http-call.js';
import { domainEvents } from '../outbox/domain-events.js';

interface Header {
  name: string;
  value: string;
}

interface Mapping {
  /** Dot path in the JSON answer, e.g. `customer.tier`. */
  from: string;
  /** `profile`: an attribute of the person; `run`: a value of this run (`run.vars.<name>` for conditions). */
  to: 'profile' | 'run';
  name: string;
}

export interface HttpRequestSettings {
  method: HttpCall['method'];
  url: string;
  headers?: Header[];
  /** JSON body; string values may hold `{{profile.x}}`, `{{user.email}}`, `{{run.email}}`, `{{run.vars.x}}`, `{{request.clientId}}`. */
  body?: Record<string, string | number | boolean>;
  timeoutSeconds?: number;
  retries?: number;
  map?: Mapping[];
}

/** Where run values mapped from answers live in the run state (conditions read them as `run.vars.*`). */
export const RUN_VARS = 'vars';

const TEMPLATE = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;
const WHOLE_TEMPLATE = /^\{\{\s*([A-Za-z0-9_.]+)\s*\}\}$/;

/** What templates can read: the person, their profile, this run, what the app asked. */
function sources(ctx: NodeContext<HttpRequestSettings>): Record<string, unknown> {
  const u = ctx.user;
  return {
    user: u ? { id: u.id, email: u.email, emailVerified: u.emailVerified } : null,
    profile: u?.attributes ?? {},
    run: { email: ctx.state.email ?? null, signedIn: Boolean(ctx.state.userId), vars: ctx.state.data[RUN_VARS] ?? {} },
    request: ctx.state.request,
  };
}

/** Own properties only: a path never reaches inherited members such as `constructor`. */
export function pathValue(root: unknown, path: string): unknown {
  let cur = root;
  for (const part of path.split('.')) {
    if (cur == null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Templates inside text are interpolated (`encode` escapes each value, e.g. for a URL). */
function fill(template: string | number | boolean, root: Record<string, unknown>, encode: (s: string) => string = (s) => s): unknown {
  if (typeof template !== 'string') return template;
  return template.replace(TEMPLATE, (_m, path: string) => {
    const v = pathValue(root, path);
    return v == null ? '' : encode(typeof v === 'object' ? JSON.stringify(v) : String(v));
  });
}

/** A body value that is one template alone keeps its type (a number stays a number, a missing value is null). */
const fillBody = (body: NonNullable<HttpRequestSettings['body']>, root: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(body).map(([k, v]) => {
      const whole = typeof v === 'string' ? WHOLE_TEMPLATE.exec(v) : null;
      return [k, whole ? (pathValue(root, whole[1]) ?? null) : fill(v, root)];
    }),
  );

/** `{{secret.<name>}}`: a sealed secret, opened when the request is sent; only header values may name one. */
const SECRET_TEMPLATE = /\{\{\s*secret\.([a-z][a-z0-9_]{0,63})\s*\}\}/g;
const namesSecret = (text: string) => /\{\{\s*secret\./.test(text);
/** Headers that carry credentials: their value must come from a sealed secret, not be written into the journey. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token)$|(secret|token|password|api-?key)/i;

/** The secrets the headers name, each once. */
export const secretsNamed = (s: HttpRequestSettings): string[] =>
  [...new Set((s.headers ?? []).flatMap((h) => [...h.value.matchAll(SECRET_TEMPLATE)].map((m) => m[1])))];

const LOCAL = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/;
const needsUser = (s: HttpRequestSettings) =>
  (s.map ?? []).some((m) => m.to === 'profile') ||
  [s.url, ...(s.headers ?? []).map((h) => h.value), ...Object.values(s.body ?? {}).map(String)].some((t) => /\{\{\s*(user|profile)\./.test(t));

/**
 * Calls an API of the organisation during a journey (orchestration): method, URL and headers,
 * a JSON body built from the run and the person's profile, a timeout per attempt and retries; fields
 * of the JSON answer are mapped into the person's profile or the run. Outcomes: `success`, `error`
 * (refused, unreachable, not JSON) and `timeout`. Shows no page.
 */
export const httpRequestNode: NodeType<HttpRequestSettings> = {
  type: 'http-request',
  title: 'HTTP request',
  description: "Calls one of your APIs with data of the run and the person's profile, and keeps fields of its answer. Shows no page.",
  icon: '{}',
  category: 'logic',
  words: {
    id: {
      title: 'Permintaan HTTP',
      description: 'Memanggil salah satu API Anda dengan data proses ini dan profil orang itu, lalu menyimpan isian dari jawabannya. Tidak menampilkan halaman.',
      outcomes: {
        success: 'Berhasil',
        error: 'Galat',
        timeout: 'Waktu habis',
      },
      settings: {
        Method: 'Metode',
        'URL (https; {{profile.x}} and the like are filled in)': 'URL (https; {{profile.x}} dan sejenisnya diisi otomatis)',
        Headers: 'Header',
        Name: 'Nama',
        'Value ({{secret.name}} sends an API secret, e.g. Bearer {{secret.crm_token}})': 'Nilai ({{secret.name}} mengirim rahasia API, mis. Bearer {{secret.crm_token}})',
        'JSON body (values may be {{profile.x}}, {{user.email}}, {{run.vars.x}})': 'Isi JSON (nilai boleh berupa {{profile.x}}, {{user.email}}, {{run.vars.x}})',
        'Timeout per attempt (seconds)': 'Batas waktu per percobaan (detik)',
        'Retries when the API fails or does not answer': 'Percobaan ulang bila API gagal atau tidak menjawab',
        'Keep from the answer': 'Simpan dari jawaban',
        'Field of the answer, e.g. customer.tier': 'Isian jawaban, mis. customer.tier',
        Into: 'Ke dalam',
        "The person's profile": 'Profil orang itu',
        'This journey only (for later steps)': 'Perjalanan ini saja (untuk langkah berikutnya)',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['method', 'url'],
    properties: {
      method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], title: 'Method' },
      url: { type: 'string', maxLength: 2000, pattern: '^https?://', title: 'URL (https; {{profile.x}} and the like are filled in)' },
      headers: {
        type: 'array',
        title: 'Headers',
        maxItems: 20,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'value'],
          properties: {
            name: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$', title: 'Name' },
            value: { type: 'string', maxLength: 2000, title: 'Value ({{secret.name}} sends an API secret, e.g. Bearer {{secret.crm_token}})' },
          },
        },
      },
      body: { type: 'object', title: 'JSON body (values may be {{profile.x}}, {{user.email}}, {{run.vars.x}})', maxProperties: 50, additionalProperties: { type: ['string', 'number', 'boolean'] } },
      timeoutSeconds: { type: 'integer', minimum: 1, maximum: 30, title: 'Timeout per attempt (seconds)' },
      retries: { type: 'integer', minimum: 0, maximum: 3, title: 'Retries when the API fails or does not answer' },
      map: {
        type: 'array',
        title: 'Keep from the answer',
        maxItems: 20,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to', 'name'],
          properties: {
            from: { type: 'string', pattern: '^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*$', title: 'Field of the answer, e.g. customer.tier' },
            to: { type: 'string', enum: ['profile', 'run'], 'x-enum-titles': { profile: "The person's profile", run: 'This journey only (for later steps)' }, title: 'Into' },
            name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$', title: 'Name' },
          },
        },
      },
    },
  },
  defaultSettings: { method: 'POST', url: 'https://api.example.com/hook', headers: [], body: {}, timeoutSeconds: 5, retries: 1, map: [] },
  requires: (s): Fact[] => (needsUser(s) ? ['user'] : []),
  outcomes: () => [
    { name: 'success', label: 'Success' },
    { name: 'error', label: 'Error' },
    { name: 'timeout', label: 'Timeout' },
  ],
  collects: (s) => (s.map ?? []).filter((m) => m.to === 'profile').map((m) => m.name),
  references: (s) => secretsNamed(s).map((id) => ({ kind: 'http-secret', id })),
  check: (s) => {
    const problems: Said[] = [];
    if (namesSecret(s.url) || Object.values(s.body ?? {}).some((v) => typeof v === 'string' && namesSecret(v))) {
      problems.push({
        en: 'a secret can only be sent in a header (a URL or a body may be logged by the API)',
        id: 'rahasia hanya dapat dikirim di header (URL atau isi permintaan dapat dicatat oleh API)',
      });
    }
    for (const h of s.headers ?? []) {
      if (CREDENTIAL_HEADER.test(h.name) && !namesSecret(h.value) && h.value.trim()) {
        problems.push({
          en: `the header ${h.name} carries a credential: keep it as an API secret and write {{secret.name}}, so it is not stored in the journey`,
          id: `header ${h.name} membawa kredensial: simpan sebagai rahasia API dan tulis {{secret.name}}, agar tidak tersimpan di perjalanan`,
        });
      }
    }
    if (!s.url.startsWith('https://') && !LOCAL.test(s.url)) {
      problems.push({ en: 'the URL must use https (http only to localhost)', id: 'URL harus memakai https (http hanya ke localhost)' });
    }
    if ((s.method === 'GET' || s.method === 'DELETE') && Object.keys(s.body ?? {}).length) {
      problems.push({ en: `a ${s.method} request sends no body`, id: `permintaan ${s.method} tidak mengirim isi` });
    }
    return problems;
  },
  auto: async (ctx) => {
    const s = ctx.settings;
    const root = sources(ctx);
    const sendsBody = s.method !== 'GET' && s.method !== 'DELETE';
    // Secrets are opened for this request only: never in the run's state, never logged.
    const secret: Record<string, string> = {};
    for (const name of secretsNamed(s)) {
      const value = await ctx.services.httpSecrets.reveal(name);
      if (value === null) {
        ctx.services.logger.warn('HTTP request step names an API secret that does not exist', { flowId: ctx.flowId, step: ctx.nodeId, secret: name });
        return { outcome: 'error' };
      }
      secret[name] = value;
    }
    const result = await ctx.services.http({
      method: s.method,
      url: String(fill(s.url, root, encodeURIComponent)),
      headers: Object.fromEntries((s.headers ?? []).map((h) => [h.name, String(fill(h.value, { ...root, secret }))])),
      body: sendsBody ? fillBody(s.body ?? {}, root) : undefined,
      timeoutMs: (s.timeoutSeconds ?? 5) * 1000,
      retries: s.retries ?? 1,
    });
    if (result.kind === 'timeout') return { outcome: 'timeout' };
    if (result.kind === 'error') {
      ctx.services.logger.warn('HTTP request step failed', { flowId: ctx.flowId, step: ctx.nodeId, status: result.status, error: result.message });
      return { outcome: 'error' };
    }
    const profile: Record<string, unknown> = {};
    const vars: Record<string, unknown> = {};
    for (const m of s.map ?? []) {
      const value = pathValue(result.json, m.from);
      if (value === undefined) continue;
      if (m.to === 'profile') profile[m.name] = value;
      else vars[m.name] = value;
    }
    if (Object.keys(profile).length && ctx.user) {
      await ctx.services.store.users.updateAttributes(ctx.user.id, profile, domainEvents.profileUpdated(Object.keys(profile), ctx.services.clock.now()));
    }
    return { outcome: 'success', ...(Object.keys(vars).length ? { patch: { data: { [RUN_VARS]: vars } } } : {}) };
  },
};
