import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../engine/flow/types.js';
import { TestBrowser, decodeEntities } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';

const at = { x: 0, y: 0 };

/**
 * A journey meant for signed-in customers opened by anyone, or one published before the proof on
 * publish existed, can reach a step without what it needs. The runtime refuses such a run with a clear
 * page instead of crashing in the step.
 */
describe('steps that need what the run does not have', () => {
  const gerbang = useGerbang();

  /** Publishes straight into the store, as an older version of Gerbang would have. */
  const publishUnchecked = async (graph: FlowGraph) => {
    await gerbang.store.flows.saveDraft({ id: graph.id, name: graph.name, graph, updatedBy: 'test' }, 0, new Date());
    await gerbang.store.flows.publish({ flowId: graph.id, version: 1, graph: { ...graph, version: 1 }, publishedAt: new Date(), publishedBy: 'test' });
  };
  const text = (b: TestBrowser) => decodeEntities(b.page!.html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

  beforeAll(async () => {
    await publishUnchecked({
      id: 'profile-too-early',
      name: 'Profile too early',
      version: 0,
      start: 'ask',
      nodes: [
        { id: 'ask', type: 'identify', settings: {}, position: at },
        { id: 'profile', type: 'profile', settings: { fields: [{ name: 'given_name', label: 'First name', type: 'text', required: true }] }, position: at },
        { id: 'done', type: 'success', settings: {}, position: at },
      ],
      edges: [
        { from: 'ask', outcome: 'known', to: 'profile' },
        { from: 'ask', outcome: 'unknown', to: 'profile' },
        { from: 'profile', outcome: 'done', to: 'done' },
      ],
    });
  });

  it('refuses to start the email-change journey for a visitor who is not signed in, with a 403 page', async () => {
    const browser = new TestBrowser(gerbang.url);
    const page = await browser.get('/login?flow=email-change');
    expect(page.status).toBe(403);
    // An account action: /login starts only sign-in, recovery and administrator sign-in journeys.
    expect(text(browser)).toContain('This journey cannot be started from here.');
    expect(text(browser)).toContain('Start again');
  });

  it('refuses to start a sign-in journey whose first step needs a signed-in person, with a 403 page', async () => {
    // The email-change steps, published by an older version as a journey anyone may start.
    const email = (await gerbang.store.flows.getDraft('email-change'))!.graph as FlowGraph;
    await publishUnchecked({ ...email, id: 'old-email-change', purpose: undefined });
    const browser = new TestBrowser(gerbang.url);
    const page = await browser.get('/login?flow=old-email-change');
    expect(page.status).toBe(403);
    expect(text(browser)).toContain('its next step needs you to be signed in');
    expect(text(browser)).toContain('Start again');
  });

  it('refuses to move on into a step that needs a signed-in person, and the run stays where it was', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=profile-too-early');
    const runUrl = browser.page!.url;
    expect(browser.title()).toBe('Sign in or create an account');
    const refused = await browser.submit({ email: 'nobody@example.com' });
    expect(refused.status).toBe(403);
    expect(text(browser)).toContain('needs you to be signed in');
    const again = await browser.get(new URL(runUrl).pathname);
    expect(again.status).toBe(200);
    expect(browser.title()).toBe('Sign in or create an account');
  });

  it('runs the same journey for a signed-in customer started from the account page', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    await browser.submit({ email: 'ayu@example.com' });
    await browser.submit({ email: 'ayu@example.com', password: 'correct horse battery' });
    await browser.submit({ given_name: 'Ayu', family_name: '' }, { action: 'save' });
    const page = await browser.get('/account/flows/email-change');
    expect(page.status).toBe(200);
    expect(browser.title()).toBe('Change your email address');
  });
});
