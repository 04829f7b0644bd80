import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageTexts, textOf } from './message-texts.js';
import { MESSAGE_TEXTS } from '../notifications/templates.js';
import { LANGUAGE_CODES } from '../languages.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/port.js';
import { tempDataDir } from '../../test/support/gerbang.js';

/** Every text an organisation can reword is named in words and shown by the preview of its own message. */
describe('the message texts the console edits', () => {
  let store: Store;
  let data: ReturnType<typeof tempDataDir>;
  let texts: MessageTexts;
  beforeAll(async () => {
    data = tempDataDir();
    store = await openStore({ dataDir: data.dir });
    texts = new MessageTexts(store.settings);
  });
  afterAll(async () => {
    await store?.close();
    data?.cleanup();
  });

  const keys = Object.keys(MESSAGE_TEXTS.en);

  it('names every text in every console language, never by its key', async () => {
    const { texts: views } = await texts.list();
    expect(views.map((v) => v.key)).toEqual(keys);
    for (const view of views) {
      for (const lang of LANGUAGE_CODES) {
        expect(view.name[lang], `${view.key} in ${lang}`).toBeTruthy();
        expect(view.name[lang]).not.toBe(view.key);
      }
    }
  });

  it.each(keys)('previews %s in the message it belongs to, with the draft wording in it', async (key) => {
    for (const lang of LANGUAGE_CODES) {
      // A draft that keeps what the text must keep ({code}), marked so it can be found.
      const view = (await texts.list()).texts.find((v) => v.key === key)!;
      const marker = `Reworded ${key} ${lang}`;
      const draft = [marker, ...view.required.map((p) => `{${p}}`)].join(' ');
      const preview = await texts.preview(textOf(key).message, lang, 'Toko Kita', { [key]: draft });
      const shown = 'subject' in preview ? `${preview.subject}\n${preview.text}` : preview.text;
      expect(shown, `${key} (${lang}) is in the preview of "${textOf(key).message}"`).toContain(marker);
    }
  });
});
