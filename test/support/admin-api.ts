import type { TestBrowser } from './browser.js';

/** What the admin API answered: the status, and the body as JSON when it is JSON, as text otherwise, null when empty. */
export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever shape the route answers
  body: any;
}

type BaseUrl = string | (() => string);
const urlOf = (base: BaseUrl) => (typeof base === 'function' ? base() : base);

async function answerOf(res: Response): Promise<ApiAnswer> {
  const text = await res.text();
  if (!text) return { status: res.status, body: null };
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

/**
 * The admin API as an automation calls it, with the bearer token. A string body is sent as it is (to
 * send malformed JSON); `headers`, when given, replace the token (to call as someone else or no one).
 * The base URL may be a function, so a describe block can build its client before the server starts.
 */
export function tokenApi(baseUrl: BaseUrl, token: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }): Promise<ApiAnswer> => {
    const res = await fetch(`${urlOf(baseUrl)}/api${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return answerOf(res);
  };
}

/** A JSON client of the admin API: with the automation token, or with a person's session cookies. */
export function adminApi(baseUrl: string, auth: { token: string } | { browser: TestBrowser }) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> & Array<Record<string, unknown>> }> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if ('token' in auth) headers.authorization = `Bearer ${auth.token}`;
    else {
      headers.cookie = auth.browser.cookieHeader();
      headers['x-requested-with'] = 'gerbang';
    }
    const res = await fetch(`${baseUrl}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : {} };
  };
}
