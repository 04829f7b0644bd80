import { Agent, fetch as undiciFetch } from 'undici';
/**
 * A minimal browser for integration tests: keeps cookies, follows redirects, reads the hosted
 * pages' forms (action, CSRF token) and posts them like a person pressing a button.
 */
export interface PageResult {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

/** One connection pool per source address (Linux routes all of 127.0.0.0/8 to loopback); `dispatcher` of undici's fetch. */
const agents = new Map<string, Agent>();
export function agentFrom(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (!agent) agents.set(localAddress, (agent = new Agent({ localAddress })));
  return agent;
}

export class TestBrowser {
  /** Cookies per origin, like a browser keeps them per site. */
  private readonly jars = new Map<string, Map<string, string>>();
  page: PageResult | null = null;
  /** Every Set-Cookie header received, in order (to check cookie attributes). */
  readonly setCookies: string[] = [];
  /** HTTP requests sent so far, redirects included (the bench counts hops per journey). */
  requests = 0;

  constructor(
    public baseUrl: string,
    private readonly headers: Record<string, string> = {},
    /** Other origins whose redirects are followed (e.g. an identity provider). */
    private readonly follow: string[] = [],
    /** The source address of its connections (127.0.0.2, 127.0.0.3… for distinct clients). */
    private readonly from?: string,
  ) {}

  private jar(origin: string): Map<string, string> {
    // The same server may be reached under a new port after a restart: cookies follow baseUrl.
    const key = origin === new URL(this.baseUrl).origin ? 'base' : origin;
    let jar = this.jars.get(key);
    if (!jar) this.jars.set(key, (jar = new Map()));
    return jar;
  }

  cookie(name: string): string | undefined {
    return this.jar(new URL(this.baseUrl).origin).get(name);
  }

  /** The Cookie header this browser sends to the server. */
  cookieHeader(): string {
    return [...this.jar(new URL(this.baseUrl).origin)].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  setCookie(name: string, value: string): void {
    this.jar(new URL(this.baseUrl).origin).set(name, value);
  }

  async get(path: string): Promise<PageResult> {
    return this.request('GET', path);
  }

  /** Submits the page's form with these fields (plus the CSRF token it carries). */
  async submit(fields: Record<string, string>, opts: { action?: string; csrf?: string | null } = {}): Promise<PageResult> {
    if (!this.page) throw new Error('no page loaded');
    const formAction = /<form method="post" action="([^"]+)"/.exec(this.page.html)?.[1];
    if (!formAction) throw new Error(`page has no form: ${this.page.status} ${this.page.url} ${this.title() || this.page.html.slice(0, 300)}`);
    const csrf = opts.csrf === undefined ? this.csrfToken() : opts.csrf;
    // Like a browser, the form's hidden inputs go along (the CSRF field is controlled by `opts.csrf`).
    const form = /<form method="post"[\s\S]*?<\/form>/.exec(this.page.html)?.[0] ?? '';
    const hidden = Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].filter((m) => m[1] !== '_csrf').map((m) => [m[1], decodeEntities(m[2])]),
    );
    const body = new URLSearchParams({ ...hidden, ...(csrf !== null ? { _csrf: csrf ?? '' } : {}), ...fields, ...(opts.action ? { action: opts.action } : {}) });
    return this.request('POST', decodeEntities(formAction), body.toString());
  }

  async post(path: string, fields: Record<string, string>): Promise<PageResult> {
    return this.request('POST', path, new URLSearchParams(fields).toString());
  }

  csrfToken(): string | undefined {
    return this.page ? /name="_csrf" value="([^"]+)"/.exec(this.page.html)?.[1] : undefined;
  }

  title(): string {
    return decodeEntities(/<h1>([\s\S]*?)<\/h1>/.exec(this.page?.html ?? '')?.[1] ?? '');
  }

  /** Texts of inline errors (form-level and per field). */
  errors(): string[] {
    const html = this.page?.html ?? '';
    return [...html.matchAll(/class="(?:alert error|error)"[^>]*>([\s\S]*?)<\/(?:div|p)>/g)].map((m) => decodeEntities(m[1]));
  }

  fieldValue(name: string): string | undefined {
    const re = new RegExp(`name="${name}"[^>]*value="([^"]*)"`);
    const m = re.exec(this.page?.html ?? '');
    return m ? decodeEntities(m[1]) : undefined;
  }

  fieldNames(): string[] {
    return [...(this.page?.html ?? '').matchAll(/<(?:input|select)[^>]*name="([^"]+)"/g)].map((m) => m[1]).filter((n) => n !== '_csrf' && n !== '_step');
  }

  private async request(method: string, path: string, body?: string, hops = 0): Promise<PageResult> {
    const url = new URL(path, this.baseUrl).toString();
    const cookies = this.jar(new URL(url).origin);
    this.requests++;
    const init = {
      method,
      redirect: 'manual' as const,
      headers: {
        ...this.headers,
        ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    };
    // Node's own fetch cannot choose the source address; undici's (the same code) can.
    const from = this.from;
    const res = from ? ((await undiciFetch(url, { ...init, dispatcher: agentFrom(from) })) as unknown as Response) : await fetch(url, init);
    for (const c of res.headers.getSetCookie()) {
      this.setCookies.push(c);
      const [pair, ...attrs] = c.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split('=');
        return (/^max-age$/i.test(k) && Number(v) <= 0) || (/^expires$/i.test(k) && Date.parse(v) < Date.now());
      });
      if (expired || value === '') cookies.delete(name.trim());
      else cookies.set(name.trim(), value);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      if (hops > 10) throw new Error('too many redirects');
      const next = new URL(location, url);
      if (!next.toString().startsWith(this.baseUrl) && !this.follow.includes(next.origin)) {
        this.page = { status: res.status, url: new URL(location, url).toString(), html: '', headers: res.headers };
        return this.page;
      }
      return this.request('GET', next.toString(), undefined, hops + 1);
    }
    this.page = { status: res.status, url, html: await res.text(), headers: res.headers };
    return this.page;
  }
}

export function decodeEntities(s: string): string {
  return s
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
