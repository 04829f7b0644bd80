import { HttpSecrets } from '../../engine/orchestration/http-secrets.js';
import { randomBytes } from 'node:crypto';
import type { Store, User } from '../../engine/store/port.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { DEFAULT_THROTTLE_POLICY, SignInThrottles } from '../../engine/protection/sign-in-throttles.js';
import { BotDefence } from '../../engine/protection/proof-of-work.js';
import { CaptchaProviders } from '../../engine/protection/captcha.js';
import { verifyCaptcha } from '../../connectors/captcha.js';
import { KnownDevices } from '../../engine/protection/devices.js';
import { offlineBreachedPasswords } from '../../engine/methods/password/breached.js';
import type { AnyNodeType, CallbackRequest, FormInput, NodeContext, NodeServices, Page, RunState, StepResult } from '../../engine/nodes/types.js';
import { boundAuditLog } from '../../engine/nodes/services.js';
import { createNodeRegistry } from '../../engine/nodes/index.js';
import { applyPatch, initialRunState } from '../../engine/flow/compile.js';
import { createTranslator, type Translator } from '../../engine/hosted/i18n.js';
import { localise } from '../../engine/runtime/runtime.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { OneTimeCodes } from '../../engine/methods/codes/one-time-codes.js';
import { createMailer, createSmsSender } from '../../engine/notifications/senders.js';
import type { EmailMessage, SmsMessage } from '../../engine/notifications/transports.js';
import { socialDirectory, type SocialConnection } from '../../engine/methods/social/connection.js';
import { SecretBox } from '../../engine/identity/secret-box.js';
import { createLogger } from '../../engine/logger.js';
import { callHttp } from '../../connectors/http-request.js';

/**
 * A fake context for unit tests of steps and methods, without any server: a real (in-memory SQLite)
 * store, real argon2id, real one-time codes and sealed secrets, a clock the test moves, and
 * transports that keep every mail and text message in memory instead of sending it. Texts come from
 * the real catalogue, so tests read what a person would read.
 */
export interface FakeWorld {
  /** The sealed secrets of the HTTP request step's headers. */
  httpSecrets: HttpSecrets;
  /** The CAPTCHA providers' keys, as the console sets them (the steps see them as `services.captcha`). */
  captcha: CaptchaProviders;
  store: Store;
  clock: FakeClock;
  /** Messages "sent" by the steps, newest last. */
  outbox: { emails: EmailMessage[]; sms: SmsMessage[] };
  /** Social connections the social steps see (add fakes of identity providers here). */
  social: Map<string, SocialConnection>;
  services: NodeServices;
  translate: Translator;
  /** A step of `type` in a fresh run of its own, as the runtime would run it. */
  step<S>(type: AnyNodeType, options?: StepOptions<S>): StepHarness<S>;
  /** Creates an account (with a password when given), as a sign-up would. */
  user(email: string, options?: { password?: string; emailVerified?: boolean; attributes?: Record<string, unknown> }): Promise<User>;
  close(): Promise<void>;
}

export interface StepOptions<S> {
  /** Merged over the type's default settings. */
  settings?: Partial<S>;
  /** Merged over a fresh run state. */
  state?: Partial<RunState>;
  nodeId?: string;
  lang?: string;
  ip?: string;
  /** The browser's id hash (the run's binding). */
  browser?: string;
}

export class FakeClock {
  private current: number;
  constructor(start = Date.UTC(2026, 0, 15, 9, 0, 0)) {
    this.current = start;
  }
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current += ms;
  }
  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }
}

/**
 * One step in a fake run: calls the type's hooks with a context built like the runtime's (the user
 * loaded from `state.userId`), and applies what they answer to the run state like the runtime does:
 * an `update` stays on the step, an outcome is remembered in `outcome`.
 */
export class StepHarness<S> {
  state: RunState;
  /** The last outcome the step ended with (null while it stays). */
  outcome: string | null = null;
  readonly runId = randomBytes(12).toString('base64url');
  readonly nodeId: string;
  readonly settings: S;

  constructor(
    private readonly world: FakeWorld,
    readonly type: AnyNodeType,
    private readonly options: StepOptions<S>,
  ) {
    this.nodeId = options.nodeId ?? 'step';
    this.settings = { ...(type.defaultSettings as S), ...options.settings };
    this.state = { ...initialRunState(), ...options.state };
  }

  async context(): Promise<NodeContext<S>> {
    const { services, translate, store } = this.world;
    const lang = this.options.lang ?? 'en';
    const user = this.state.userId ? await store.users.findById(this.state.userId) : null;
    const client = { ip: this.options.ip ?? '203.0.113.7', userAgent: 'unit-test', browser: this.options.browser ?? 'unit-test-browser' };
    return {
      nodeId: this.nodeId,
      settings: this.settings,
      state: this.state,
      services,
      audit: boundAuditLog(store.audit, services.clock, client.ip, user),
      lang,
      t: (key, vars) => translate(lang, key, vars),
      text: (value, fallback = '') => localise(value, lang) ?? fallback,
      user,
      runId: this.runId,
      flowId: 'unit-test-flow',
      client,
    };
  }

  /** The page the step shows, with the notice of the last answer as the runtime adds it. */
  async render(): Promise<Page> {
    if (!this.type.render) throw new Error(`${this.type.type} has no page`);
    const ctx = await this.context();
    const page = await this.type.render(ctx);
    const notice = this.state.notice;
    if (!notice) return page;
    const text = ctx.t(notice.key, notice.vars);
    return notice.kind === 'error' ? { ...page, error: page.error ?? text } : { ...page, info: page.info ?? text };
  }

  async auto(): Promise<StepResult | null> {
    if (!this.type.auto) return null;
    const result = await this.type.auto(await this.context());
    if (result) this.apply(result);
    return result;
  }

  async submit(input: FormInput): Promise<StepResult> {
    if (!this.type.submit) throw new Error(`${this.type.type} takes no input`);
    const result = await this.type.submit(await this.context(), input);
    this.apply(result);
    return result;
  }

  /**
   * The outside world answers the step at `url` (a mailed link opened, an identity provider's
   * redirect), as the callback route hands it over: the URL's query, and the route's parameters.
   */
  async callback(url: string, params: Record<string, string> = {}): Promise<StepResult> {
    if (!this.type.callback) throw new Error(`${this.type.type} expects no callback`);
    const request: CallbackRequest = { query: Object.fromEntries(new URL(url).searchParams), body: {}, params, url };
    const result = await this.type.callback(await this.context(), request);
    this.apply(result);
    return result;
  }

  /** Outcome names the step can end with under its settings (each needs an edge in a graph). */
  outcomes(): string[] {
    return this.type.outcomes(this.settings).map((o) => o.name);
  }

  private apply(result: StepResult): void {
    if ('invalid' in result) return;
    if ('update' in result) {
      this.state = applyPatch(this.state, { type: 'stay', patch: result.update, notice: result.notice ?? null });
      this.outcome = null;
      return;
    }
    this.state = applyPatch(this.state, { type: result.outcome, patch: result.patch, notice: result.notice ?? null });
    this.outcome = result.outcome;
  }
}

export async function fakeWorld(): Promise<FakeWorld> {
  const store = openSqliteStore(':memory:');
  const clock = new FakeClock();
  const outbox = { emails: [] as EmailMessage[], sms: [] as SmsMessage[] };
  const social = new Map<string, SocialConnection>();
  const appName = 'Gerbang';
  const mailer = createMailer({ mode: 'memory', send: async (m) => void outbox.emails.push(m) }, appName);
  const throttles = new SignInThrottles(store.counters, DEFAULT_THROTTLE_POLICY, (to) => mailer.sendAccountAttacked({ to, lang: 'en', resetLink: 'https://id.example.com/login?flow=password-reset' }));
  const box = new SecretBox(randomBytes(32).toString('base64url'));
  const httpSecrets = new HttpSecrets(store.settings, box);
  const captcha = new CaptchaProviders(store.settings, box, verifyCaptcha);
  const services: NodeServices = {
    store,
    clock,
    passwords: argon2idHasher,
    breached: offlineBreachedPasswords,
    throttles,
    devices: new KnownDevices(store.credentials),
    bots: new BotDefence(randomBytes(32).toString('base64url'), store.counters, throttles, { afterFailures: 10, maxNumber: 5_000, ttlMinutes: 10 }),
    codes: new OneTimeCodes(store.codes, store.counters, randomBytes(32).toString('base64url'), clock.now),
    mailer,
    sms: createSmsSender({ mode: 'memory', send: async (m) => void outbox.sms.push(m) }, appName),
    social: socialDirectory(social),
    secrets: box,
    captcha,
    logger: createLogger({ silent: true }),
    publicUrl: 'https://id.example.com',
    appName,
    http: (call) => callHttp(call),
    httpSecrets,
  };
  const messages = createNodeRegistry().messages();
  const translate = createTranslator(messages);
  const world: FakeWorld = {
    httpSecrets,
    captcha,
    store,
    clock,
    outbox,
    social,
    services,
    translate,
    step: (type, options = {}) => new StepHarness(world, type, options),
    async user(email, options = {}) {
      const credential = options.password ? { type: 'password', data: { hash: await argon2idHasher.hash(options.password) } } : undefined;
      return store.users.create({ email, emailVerified: options.emailVerified ?? false, attributes: options.attributes ?? {} }, credential);
    },
    close: () => store.close(),
  };
  return world;
}

/** The last mail sent to `to`; fails the test when there is none. */
export function lastEmail(world: FakeWorld, to: string): EmailMessage {
  const mail = world.outbox.emails.filter((m) => m.to === to).at(-1);
  if (!mail) throw new Error(`no mail was sent to ${to}`);
  return mail;
}

/** The 6-digit code of the last mail or text message to `to`. */
export function lastCode(world: FakeWorld, to: string): string {
  const message = [...world.outbox.emails, ...world.outbox.sms].filter((m) => m.to === to).at(-1);
  const code = message && /\b(\d{6})\b/.exec(message.text)?.[1];
  if (!code) throw new Error(`no code was sent to ${to}`);
  return code;
}
