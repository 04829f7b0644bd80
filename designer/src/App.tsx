import { useEffect, useLayoutEffect, useState } from 'react';
import { api, type Me } from './api';
import { CONSOLE_LANGUAGES, LangContext, initialLang, rememberLang, useLang, useTexts, type Lang } from './console/i18n';
import { hrefOf, useRoute } from './console/route';
import { MeContext } from './console/me';
import { SECTIONS, type Section } from './console/sections';

const TEXTS = {
  en: { title: 'Gerbang console', nav: 'Console', language: 'Language', loading: 'Loading…', notAllowed: 'Your role does not give access to this section.', signedInAs: 'Signed in as' },
  id: { title: 'Konsol Gerbang', nav: 'Konsol', language: 'Bahasa', loading: 'Memuat…', notAllowed: 'Peran Anda tidak memberi akses ke bagian ini.', signedInAs: 'Masuk sebagai' },
};

/** The sections the administrator may open (all of them for a principal without declared permissions). */
const allowedSections = (me: Me): Section[] =>
  SECTIONS.filter((s) => !s.permission || !me.permissions || me.permissions.includes(s.permission) || (s.delegated && me.organisations?.length));

/** The console: one navigation over its sections, signed in once, in English or Bahasa Indonesia. */
export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState('');
  const route = useRoute();

  // Before any view's effects: a view asking the API again when the language changes asks in the new one.
  useLayoutEffect(() => {
    rememberLang(lang);
  }, [lang]);
  useEffect(() => {
    api.me().then(setMe, (e: Error) => setError(e.message));
  }, []);

  return (
    <LangContext.Provider value={lang}>
      <MeContext.Provider value={me}>
        <Shell me={me} error={error} route={route} onLang={setLang} />
      </MeContext.Provider>
    </LangContext.Provider>
  );
}

function Shell(props: { me: Me | null; error: string; route: ReturnType<typeof useRoute>; onLang: (l: Lang) => void }) {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const { me, route } = props;
  if (props.error) return <div className="loading" role="alert">{props.error}</div>;
  if (!me) return <div className="loading">{t.loading}</div>;

  const sections = allowedSections(me);
  const current = SECTIONS.find((s) => s.id === route.section) ?? sections[0];
  const allowed = current && sections.includes(current);
  if (allowed && current.fullScreen?.(route.rest)) return <current.View rest={route.rest} />;
  return (
    <div className="console">
      <header className="console-header">
        <strong className="console-title">{t.title}</strong>
        <nav aria-label={t.nav} className="console-nav">
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <a href={hrefOf(s.id)} aria-current={s === current ? 'page' : undefined}>
                  {s.label[lang]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <label className="console-lang">
          <span>{t.language}</span>
          <select value={lang} onChange={(e) => props.onLang(e.target.value as Lang)}>
            {CONSOLE_LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <span className="muted console-me">
          {t.signedInAs} {me.email ?? me.id}
        </span>
      </header>
      <main className="console-main">{allowed ? <current.View key={current.id} rest={route.rest} /> : <p role="alert">{t.notAllowed}</p>}</main>
    </div>
  );
}
