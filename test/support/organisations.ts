import type { TestBrowser } from './browser.js';
import type { ReceivedMail } from './mail.js';

export const PASSWORD = 'correct horse battery';

/** Signs a new person up through the default journey (email, password, name). */
export async function signUp(browser: TestBrowser, email: string, start = '/login'): Promise<void> {
  await browser.get(start);
  await browser.submit({ email });
  await browser.submit({ email, password: PASSWORD });
  await browser.submit({ given_name: 'Sari', family_name: '' }, { action: 'save' });
}

/** Signs an existing person in through the default journey. */
export async function signIn(browser: TestBrowser, email: string, start = '/login'): Promise<void> {
  await browser.get(start);
  await browser.submit({ email });
  await browser.submit({ email, password: PASSWORD });
  if (browser.fieldNames().includes('family_name')) await browser.submit({}, { action: 'skip' });
}

/** The invitation link of a mail. */
export function invitationLinkIn(mail: ReceivedMail): string {
  const m = /(http:\/\/[^\s"<]+\/invitation\?token=[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m) throw new Error('no invitation link in mail');
  return m[1];
}
