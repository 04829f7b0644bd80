import type { Page } from 'playwright-core';

/**
 * Answers the console's in-page question titled `title` as a person would: waits for it, reads it,
 * presses the button named `button`, and waits for it to close. Gives the question's text as read.
 */
export async function answerQuestion(page: Page, title: string | RegExp, button: string): Promise<string> {
  const dialog = page.getByRole('alertdialog', { name: title });
  await dialog.waitFor();
  const text = await dialog.innerText();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  return text;
}
