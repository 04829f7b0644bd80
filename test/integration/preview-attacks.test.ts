import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../engine/flow/types.js';
import { useGerbang } from '../support/gerbang.js';
import { tokenApi } from '../support/admin-api.js';
import { decodeEntities } from '../support/browser.js';

const TOKEN = 'preview-attacks-admin-token-0123456789';

/** What an attacker with designer rights (or a victim pasting their journey) writes into texts. */
const BREAK_STYLE = '</style><script>alert("style")</script>';
const BREAK_ATTRIBUTE = '"><img src=x onerror=alert("attr")>';
const BREAK_SINGLE = "' autofocus onfocus='alert(1)";

/** The elements of a page in order (escaped text has no `<`, so a smuggled element shows up here). */
const elementsOf = (html: string) => [...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase());
/** Event-handler attributes of any element (none of our pages has any); quoted values are left out. */
const handlersIn = (html: string) =>
  [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0].replace(/"[^"]*"/g, '""')).filter((tag) => /\son[a-z]+\s*=/i.test(tag));

/**
 * The previews draw a draft theme or a draft step's page into the console's origin. Each attack below
 * writes hostile values where an administrator types, and checks that the values are refused in words
 * or drawn as inert text: no element or handler of the attacker's, no address that leaves the server.
 */
describe('previews keep hostile drafts inert', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const api = tokenApi(() => gerbang.url, TOKEN);


  it('draws a theme name that breaks out of the style, the title or an attribute as plain text', async () => {
    const plain = await api('POST', '/branding/preview', { theme: { name: 'Toko Kita' } });
    expect(plain.status).toBe(200);
    for (const name of [BREAK_STYLE.slice(0, 60), BREAK_ATTRIBUTE, BREAK_SINGLE]) {
      const preview = await api('POST', '/branding/preview', { theme: { name } });
      expect(preview.status).toBe(200);
      const html = preview.body.html as string;
      expect(elementsOf(html)).toEqual(elementsOf(plain.body.html));
      expect(handlersIn(html)).toEqual([]);
      // The name is still there, as words a person reads.
      expect(decodeEntities(/<span class="brand-name">([^<]*)<\/span>/.exec(html)![1])).toBe(name);
    }
  });

  it('refuses colours that would write CSS of their own, in words naming the colour', async () => {
    for (const primaryColor of ['#fff;}</style><script>alert(1)</script>', '#fff;background:url(https://attacker.example/leak)', 'red', 'expression(alert(1))']) {
      const preview = await api('POST', '/branding/preview', { theme: { primaryColor } });
      expect(preview.status).toBe(400);
      expect(preview.body.message).toMatch(/primary ?colou?r/i);
      const saved = await api('PUT', '/branding', { primaryColor, revision: 0 });
      expect(saved.status).toBe(400);
    }
    // Nothing of it was kept: the pages still have the theme they had.
    expect((await api('GET', '/branding')).body.custom).toEqual({});
  });

  it('refuses logo addresses that run script, embed a document or point at another host through a path', async () => {
    const logos = [
      'javascript:alert(document.domain)',
      'JaVaScRiPt:alert(1)',
      'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'http://attacker.example/logo.png',
      '//attacker.example/logo.png',
      // Browsers read a backslash as a slash: "/\host" is another host, not a path on this server.
      '/\\attacker.example/logo.png',
      '/\\/attacker.example/logo.png',
      ' https://attacker.example/x.png" onerror="alert(1)',
    ];
    for (const logoUrl of logos) {
      const preview = await api('POST', '/branding/preview', { theme: { logoUrl } });
      expect({ logoUrl, status: preview.status }).toEqual({ logoUrl, status: 400 });
      expect(preview.body.message).toMatch(/logo ?url|logo/i);
      expect((await api('PUT', '/branding', { logoUrl, revision: 0 })).status).toBe(400);
    }
    // A logo on this server, or on an https host the administrator chose, is drawn as an image only.
    for (const logoUrl of ['/assets/logo.svg', 'https://cdn.example/logo.png?a=1&b="2"']) {
      const preview = await api('POST', '/branding/preview', { theme: { logoUrl } });
      expect(preview.status).toBe(200);
      const img = /<img src="([^"]*)" alt="[^"]*" class="logo">/.exec(preview.body.html)!;
      expect(decodeEntities(img[1])).toBe(logoUrl);
      expect(handlersIn(preview.body.html)).toEqual([]);
    }
  });

  it("refuses an app's branding with a script logo, and previews its saved branding inert", async () => {
    const created = await api('POST', '/apps', {
      id: 'preview-attack-app',
      name: 'Shop',
      type: 'public',
      redirectUris: ['http://localhost:8080/callback'],
      flowId: 'login-signup',
      branding: { name: BREAK_ATTRIBUTE, logoUrl: 'javascript:alert(1)' },
    });
    expect(created.status).toBe(400);
    const app = await api('POST', '/apps', {
      id: 'preview-attack-app',
      name: 'Shop',
      type: 'public',
      redirectUris: ['http://localhost:8080/callback'],
      flowId: 'login-signup',
      branding: { name: BREAK_ATTRIBUTE },
    });
    expect(app.status).toBe(201);
    const preview = await api('POST', '/branding/preview', { appId: 'preview-attack-app' });
    expect(preview.status).toBe(200);
    expect(handlersIn(preview.body.html)).toEqual([]);
    expect(elementsOf(preview.body.html)).not.toContain('img');
  });

  it("draws a draft step's heading, labels, choices and message as text, however they try to break out", async () => {
    const { body: flow } = await api('GET', '/flows/login-signup');
    const graph = structuredClone(flow.graph) as FlowGraph;
    const plainProfile = await api('POST', '/flows/login-signup/preview', { nodeId: 'profile', graph });
    const plainFailure = await api('POST', '/flows/login-signup/preview', { nodeId: 'locked', graph });
    expect(plainProfile.status).toBe(200);

    const profile = graph.nodes.find((n) => n.id === 'profile')!;
    profile.settings = {
      heading: { en: BREAK_STYLE, id: BREAK_STYLE },
      fields: [
        { attribute: 'given_name', required: true },
        { attribute: 'family_name' },
      ],
    };
    const hostileProfile = structuredClone(graph);
    hostileProfile.nodes.find((n) => n.id === 'profile')!.settings.fields = [
      { name: 'nickname', label: BREAK_ATTRIBUTE, type: 'text' },
      { name: 'size', label: BREAK_SINGLE, type: 'select', options: [{ value: BREAK_ATTRIBUTE, label: BREAK_STYLE }] },
    ];
    hostileProfile.nodes.find((n) => n.id === 'locked')!.settings = { message: { en: BREAK_STYLE, id: BREAK_ATTRIBUTE } };

    const heading = await api('POST', '/flows/login-signup/preview', { nodeId: 'profile', graph });
    expect(heading.status).toBe(200);
    expect(elementsOf(heading.body.html)).toEqual(elementsOf(plainProfile.body.html));
    expect(decodeEntities(/<h1>([^<]*)<\/h1>/.exec(heading.body.html)![1])).toBe(BREAK_STYLE);

    const fields = await api('POST', '/flows/login-signup/preview', { nodeId: 'profile', graph: hostileProfile });
    expect(fields.status).toBe(200);
    const html = fields.body.html as string;
    expect(handlersIn(html)).toEqual([]);
    expect(elementsOf(html).filter((e) => e === 'script' || e === 'img')).toEqual(elementsOf(plainProfile.body.html).filter((e) => e === 'script' || e === 'img'));
    const labels = [...html.matchAll(/<label for="[^"]*">([^<]*)<\/label>/g)].map((m) => decodeEntities(m[1]));
    expect(labels).toEqual([BREAK_ATTRIBUTE, BREAK_SINGLE]);

    for (const lang of ['en', 'id']) {
      const failure = await api('POST', '/flows/login-signup/preview', { nodeId: 'locked', graph: hostileProfile, lang });
      expect(failure.status).toBe(200);
      expect(handlersIn(failure.body.html)).toEqual([]);
      expect(elementsOf(failure.body.html).filter((e) => e === 'script' || e === 'img')).toEqual(elementsOf(plainFailure.body.html).filter((e) => e === 'script' || e === 'img'));
    }
  });

  it("draws an identity-schema attribute's label and choices as text in the step that asks it", async () => {
    const declared = await api('PUT', '/attributes/shoe_size', {
      type: 'select',
      label: { en: BREAK_ATTRIBUTE, id: BREAK_STYLE },
      rules: { options: [{ value: 'x" autofocus onfocus="alert(1)', label: { en: BREAK_STYLE, id: BREAK_STYLE } }] },
      revision: 0,
    });
    expect(declared.status).toBe(200);
    const { body: flow } = await api('GET', '/flows/login-signup');
    const graph = structuredClone(flow.graph) as FlowGraph;
    graph.nodes.find((n) => n.id === 'profile')!.settings = { fields: [{ attribute: 'shoe_size' }] };
    for (const [lang, label] of [['en', BREAK_ATTRIBUTE], ['id', BREAK_STYLE]]) {
      const preview = await api('POST', '/flows/login-signup/preview', { nodeId: 'profile', graph, lang });
      expect(preview.status).toBe(200);
      const html = preview.body.html as string;
      expect(handlersIn(html)).toEqual([]);
      expect(elementsOf(html).filter((e) => e === 'script' || e === 'img')).toEqual([]);
      expect(decodeEntities(/<label for="f-shoe_size">([^<]*)<\/label>/.exec(html)![1])).toBe(label);
      expect([...html.matchAll(/<option value="([^"]*)">([^<]*)<\/option>/g)].map((m) => [decodeEntities(m[1]), decodeEntities(m[2])])).toEqual([
        ['', ''],
        ['x" autofocus onfocus="alert(1)', BREAK_STYLE],
      ]);
    }
  });

  it('refuses huge values in words, and a body past the limit, without drawing or keeping them', async () => {
    const { body: flow } = await api('GET', '/flows/login-signup');
    const graph = structuredClone(flow.graph) as FlowGraph;
    graph.nodes.find((n) => n.id === 'locked')!.settings = { message: 'x'.repeat(200_000) };
    const huge = await api('POST', '/flows/login-signup/preview', { nodeId: 'locked', graph });
    expect(huge.status).toBe(400);
    expect(huge.body.message).toMatch(/Step "Account locked" cannot be previewed: .*200/);
    expect(huge.body.message).not.toContain('x'.repeat(100));

    const tooBig = await api('POST', '/flows/login-signup/preview', { nodeId: 'locked', graph: { ...graph, description: 'y'.repeat(2_000_000) } });
    expect(tooBig.status).toBe(413);
    expect(typeof tooBig.body.message).toBe('string');

    const longName = await api('POST', '/branding/preview', { theme: { name: 'n'.repeat(100_000) } });
    expect(longName.status).toBe(400);
    expect(longName.body.message).toMatch(/name/i);
    const longLogo = await api('POST', '/branding/preview', { theme: { logoUrl: `https://cdn.example/${'l'.repeat(100_000)}` } });
    expect(longLogo.status).toBe(400);
    // The draft on the server is as it was.
    expect((await api('GET', '/flows/login-signup')).body.graph).toEqual(flow.graph);
  });
});
