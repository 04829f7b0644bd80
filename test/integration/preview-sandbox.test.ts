import { describe, expect, it } from 'vitest';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { tokenApi } from '../support/admin-api.js';
import { MailCatcher } from '../support/mail.js';

const TOKEN = 'test-admin-token-0123456789';

/**
 * Previews draw a step's page as a customer would see it, for a sample person. A step that sends
 * something when it is shown (a sign-in link or code by email) must not send it for a preview: the
 * designer's preview and the branding preview draw in the same sandbox as saved test cases.
 */
describe('previews send nothing and keep nothing', () => {
  const mail = useStarted(new MailCatcher());
  const gerbang = useGerbang(() => ({ ADMIN_API_TOKEN: TOKEN, ...mail.env() }));
  const api = tokenApi(() => gerbang.url, TOKEN);


  it('previews the email-link step of the passwordless journey without mailing the sample person', async () => {
    const preview = await api('POST', '/flows/passwordless/preview', { nodeId: 'email-link' });
    expect(preview.status).toBe(200);
    expect(preview.body.html).toContain('person@example.com');
    const again = await api('POST', '/flows/passwordless/preview', { nodeId: 'email-link', lang: 'id' });
    expect(again.status).toBe(200);
    // The page was drawn as it would be for a customer; the mail it would send went nowhere.
    expect(mail.mails.filter((m) => m.to.includes('person@example.com'))).toEqual([]);
    expect(await gerbang.store.codes.exists('preview:email-link')).toBe(false);
  });
});
