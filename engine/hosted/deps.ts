import type { FlowRuntime } from '../runtime/runtime.js';
import type { SessionService } from '../identity/sessions.js';
import type { Store } from '../store/port.js';
import type { Logger } from '../logger.js';
import type { Cookies } from '../http/cookies.js';
import type { Csrf } from '../http/csrf.js';
import type { CurrentUser } from '../http/current-user.js';
import type { PageShell } from '../http/page.js';
import type { Theme } from './theme.js';
import type { Completions } from './completions.js';
import type { CompletedSignIn } from '../protection/sign-in-notices.js';

/** What the hosted pages (and the account pages, which look the same) are built from. */
export interface HostedDeps {
  store: Store;
  runtime: FlowRuntime;
  sessions: SessionService;
  cookies: Cookies;
  csrf: Csrf;
  /** Theme, languages and layout of every page. */
  shell: PageShell;
  currentUser: CurrentUser;
  completions: Completions;
  logger: Logger;
  defaultFlowId: string;
  publicUrl: string;
  sessionTtlMs: number;
  /** Form posts and journey starts allowed per client IP and minute. */
  rateLimitPerMinute: number;
  /** Told of every completed sign-in (known browsers, the new-device notice); its failure never fails the sign-in. */
  onSignIn?: (signIn: CompletedSignIn) => Promise<void>;
  /** "This wasn't me" from a new-device email: signs the account out everywhere (null: bad or used link). */
  disownSignIn?: (token: string, now: Date, ip: string | null) => Promise<string | null>;
  /** The time the limits count in. */
  now?: () => Date;
  /** Per-app branding for a run (the OpenID Provider supplies it from the app registry). */
  themeFor?: (origin: Record<string, unknown>) => Promise<Partial<Theme> | null>;
}
