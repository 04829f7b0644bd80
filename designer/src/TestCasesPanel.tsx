import { useState } from 'react';
import { api, type FlowGraph, type JourneyTestCase, type NodeTypeInfo, type SealedValue, type TestCaseResult, type TestValue } from './api';
import { idFromName } from '../../engine/flow/changes';
// A secret the server sealed (a password): never shown, kept as it is unless a new value is typed.
import { CODE_PLACEHOLDER, isSealed } from '../../engine/flow/test-cases';
import { fill, useLang, useTexts, type Lang } from './console/i18n';

const TEXTS = {
  en: {
    sealedHint: 'Sealed; type a new one to replace it',
    running: 'Running the test cases…',
    someFailed: '{failed} of {total} failed.',
    allPassed: 'All {total} passed.',
    couldNotRun: 'Could not run them: {error}',
    saved: 'Test case "{name}" saved.',
    heading: 'Test cases',
    about: 'Made-up people going through the journey. They run in a sandbox (nobody is created, nothing is sent) and all run before publishing: one that fails stops it.',
    none: 'No test cases yet.',
    passed: 'Passed',
    failed: 'Failed',
    hasAccount: '(has an account)',
    isNew: '(new)',
    expectsWait: 'expects it to wait at a step',
    expectsSuccess: 'expects success',
    expectsFailure: 'expects failure',
    showPath: 'Show its path',
    edit: 'Edit',
    editCase: 'Edit "{name}"',
    remove: 'Remove',
    removeCase: 'Remove "{name}"',
    add: 'Add a test case',
    runAll: 'Run all test cases',
    needName: 'Give the test case a name.',
    needEmail: "Enter the made-up person's email address.",
    needStep: 'Choose the step it should wait at.',
    couldNotSave: 'Could not save it: {error}',
    newCase: 'New test case',
    name: 'Name of the test case',
    nameExample: 'Returning customer mistypes the password',
    person: 'The made-up person',
    email: 'Email address',
    exists: 'Already has an account',
    password: 'Password of that account',
    answers: 'What they answer, in order',
    answersAbout: 'A step shown twice (a wrong password, then the right one) takes its next answer. Type {code} for the code the journey mails or texts.',
    answer: 'Answer {n}: {step}',
    showFields: 'Show the fields of {step}',
    sealed: '•••• (sealed)',
    button: 'Button pressed',
    removeAnswer: 'Remove answer {n}',
    addAnswer: 'Add an answer for the step',
    chooseStep: 'Choose a step…',
    ending: 'How it should end',
    endsIn: 'Ends in',
    success: 'Success',
    failure: 'Failure',
    waits: 'Waiting at a step for an answer',
    atStep: 'At the step',
    anySuccess: 'Any success step',
    anyFailure: 'Any failure step',
    save: 'Save the test case',
    cancel: 'Cancel',
  },
  id: {
    sealedHint: 'Tersegel; ketik yang baru untuk menggantinya',
    running: 'Menjalankan kasus uji…',
    someFailed: '{failed} dari {total} gagal.',
    allPassed: 'Semua {total} lulus.',
    couldNotRun: 'Tidak dapat menjalankannya: {error}',
    saved: 'Kasus uji "{name}" tersimpan.',
    heading: 'Kasus uji',
    about: 'Orang rekaan yang menjalani perjalanan ini. Mereka berjalan di lingkungan uji (tidak ada yang dibuat, tidak ada yang dikirim) dan semuanya dijalankan sebelum penerbitan: satu yang gagal menghentikannya.',
    none: 'Belum ada kasus uji.',
    passed: 'Lulus',
    failed: 'Gagal',
    hasAccount: '(sudah punya akun)',
    isNew: '(baru)',
    expectsWait: 'diharapkan menunggu di sebuah langkah',
    expectsSuccess: 'diharapkan berhasil',
    expectsFailure: 'diharapkan gagal',
    showPath: 'Tampilkan jalurnya',
    edit: 'Ubah',
    editCase: 'Ubah "{name}"',
    remove: 'Hapus',
    removeCase: 'Hapus "{name}"',
    add: 'Tambah kasus uji',
    runAll: 'Jalankan semua kasus uji',
    needName: 'Beri nama kasus uji ini.',
    needEmail: 'Masukkan alamat email orang rekaan itu.',
    needStep: 'Pilih langkah tempat kasus ini harus menunggu.',
    couldNotSave: 'Tidak dapat menyimpannya: {error}',
    newCase: 'Kasus uji baru',
    name: 'Nama kasus uji',
    nameExample: 'Pelanggan lama salah mengetik kata sandi',
    person: 'Orang rekaan',
    email: 'Alamat email',
    exists: 'Sudah punya akun',
    password: 'Kata sandi akun itu',
    answers: 'Jawaban mereka, berurutan',
    answersAbout: 'Langkah yang muncul dua kali (kata sandi salah, lalu yang benar) mengambil jawaban berikutnya. Ketik {code} untuk kode yang dikirim perjalanan lewat email atau SMS.',
    answer: 'Jawaban {n}: {step}',
    showFields: 'Tampilkan isian {step}',
    sealed: '•••• (tersegel)',
    button: 'Tombol yang ditekan',
    removeAnswer: 'Hapus jawaban {n}',
    addAnswer: 'Tambah jawaban untuk langkah',
    chooseStep: 'Pilih langkah…',
    ending: 'Bagaimana seharusnya berakhir',
    endsIn: 'Berakhir dengan',
    success: 'Berhasil',
    failure: 'Gagal',
    waits: 'Menunggu jawaban di sebuah langkah',
    atStep: 'Di langkah',
    anySuccess: 'Langkah berhasil mana pun',
    anyFailure: 'Langkah gagal mana pun',
    save: 'Simpan kasus uji',
    cancel: 'Batal',
  },
};

/** A field of a step's page, read from its preview: what the person types there. */
interface PageInput {
  name: string;
  label: string;
  /** A password or a one-time code is a secret: the case keeps it sealed. */
  type: 'password' | 'code' | 'text';
}

/** The fields and buttons a step's page shows, read from the same preview the designer shows. */
async function pageInputs(graph: FlowGraph, stepId: string, lang: Lang): Promise<{ fields: PageInput[]; actions: Array<{ value: string; label: string }> }> {
  const { html } = await api.preview(graph, stepId, lang, lang);
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const fields = [...doc.querySelectorAll<HTMLInputElement | HTMLSelectElement>('form input, form select, form textarea')]
    .filter((el) => el.name && el.name !== '_csrf' && el.type !== 'hidden' && !el.hasAttribute('readonly'))
    .map((el): PageInput => ({
      name: el.name,
      type: el.type === 'password' ? 'password' : el.autocomplete === 'one-time-code' ? 'code' : 'text',
      label: ((el.id && doc.querySelector(`label[for="${el.id}"]`)?.textContent) || el.closest('label')?.textContent || el.name).trim(),
    }));
  const actions = [...doc.querySelectorAll<HTMLButtonElement>('form button[name=action]')].map((b) => ({ value: b.value, label: (b.textContent ?? b.value).trim() }));
  return { fields, actions };
}

/**
 * The journey's saved test cases: each a made-up person, what they answer at each step and how the
 * journey should end. Run here in a sandbox, and all run on publish (a failing one blocks it).
 */
export function TestCasesPanel(props: {
  graph: FlowGraph;
  types: Map<string, NodeTypeInfo>;
  results: TestCaseResult[];
  onResults: (results: TestCaseResult[]) => void;
  onChange: (cases: JourneyTestCase[]) => void;
  onShowPath: (result: TestCaseResult) => void;
}) {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const cases = props.graph.tests ?? [];
  const [editing, setEditing] = useState<JourneyTestCase | 'new' | null>(null);
  const [running, setRunning] = useState(false);
  const [message, setMessage] = useState('');

  const runAll = async () => {
    setRunning(true);
    setMessage(t.running);
    try {
      const { results } = await api.runTests(props.graph, undefined, lang);
      props.onResults(results);
      const failed = results.filter((r) => !r.passed).length;
      setMessage(failed ? fill(t.someFailed, { failed, total: results.length }) : fill(t.allPassed, { total: results.length }));
      const first = results.find((r) => !r.passed);
      if (first) props.onShowPath(first);
    } catch (e) {
      setMessage(fill(t.couldNotRun, { error: (e as Error).message }));
    } finally {
      setRunning(false);
    }
  };

  if (editing) {
    return (
      <CaseForm
        graph={props.graph}
        types={props.types}
        initial={editing === 'new' ? null : editing}
        taken={new Set(cases.map((c) => c.id))}
        onCancel={() => setEditing(null)}
        onSave={(saved) => {
          const exists = cases.some((c) => c.id === saved.id);
          props.onChange(exists ? cases.map((c) => (c.id === saved.id ? saved : c)) : [...cases, saved]);
          setEditing(null);
          setMessage(fill(t.saved, { name: saved.name }));
        }}
      />
    );
  }

  return (
    <section className="panel test-cases" aria-labelledby="test-cases-heading">
      <h2 id="test-cases-heading">{t.heading}</h2>
      <p className="muted">{t.about}</p>
      {cases.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="cases">
          {cases.map((c) => {
            const result = props.results.find((r) => r.caseId === c.id);
            return (
              <li key={c.id}>
                <div>
                  <strong>{c.name}</strong>{' '}
                  {result && <span className={`badge ${result.passed ? 'ok-badge' : 'problems-badge'}`}>{result.passed ? t.passed : t.failed}</span>}
                </div>
                <small>
                  {c.persona.email} {c.persona.exists ? t.hasAccount : t.isNew} · {c.expect.end === 'waits' ? t.expectsWait : c.expect.end === 'success' ? t.expectsSuccess : t.expectsFailure}
                </small>
                {result && !result.passed && <p className="error-text">{result.reason}</p>}
                <div className="hstack">
                  {result && (
                    <button type="button" onClick={() => props.onShowPath(result)}>
                      {t.showPath}
                    </button>
                  )}
                  <button type="button" onClick={() => setEditing(c)} aria-label={fill(t.editCase, { name: c.name })}>
                    {t.edit}
                  </button>
                  <button type="button" onClick={() => props.onChange(cases.filter((x) => x.id !== c.id))} aria-label={fill(t.removeCase, { name: c.name })}>
                    {t.remove}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div className="hstack">
        <button type="button" onClick={() => setEditing('new')}>
          {t.add}
        </button>
        <button type="button" className="primary" onClick={runAll} disabled={running || cases.length === 0}>
          {t.runAll}
        </button>
      </div>
      <p role="status">{message}</p>
    </section>
  );
}

type AnswerDraft = { step: string; values: Record<string, TestValue>; action?: string; inputs: PageInput[] | null; actions: Array<{ value: string; label: string }> };

function CaseForm(props: {
  graph: FlowGraph;
  types: Map<string, NodeTypeInfo>;
  initial: JourneyTestCase | null;
  taken: Set<string>;
  onSave: (c: JourneyTestCase) => void;
  onCancel: () => void;
}) {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const init = props.initial;
  const [name, setName] = useState(init?.name ?? '');
  const [email, setEmail] = useState(init?.persona.email ?? '');
  const [exists, setExists] = useState(init?.persona.exists ?? false);
  const keptPassword = isSealed(init?.persona.password) ? init.persona.password : undefined;
  const [password, setPassword] = useState(typeof init?.persona.password === 'string' ? init.persona.password : '');
  const [end, setEnd] = useState<'success' | 'failure' | 'waits'>(init?.expect.end ?? 'success');
  const [endStep, setEndStep] = useState(init?.expect.step ?? '');
  const [answers, setAnswers] = useState<AnswerDraft[]>((init?.answers ?? []).map((a) => ({ ...a, inputs: null, actions: [] })));
  const [error, setError] = useState('');

  const labelOf = (id: string) => {
    const n = props.graph.nodes.find((x) => x.id === id);
    return n?.label ?? (n && props.types.get(n.type)?.title) ?? id;
  };
  // Steps that show a page: the ones a person answers.
  const pages = props.graph.nodes.filter((n) => props.types.get(n.type)?.interactive && !props.types.get(n.type)?.terminal);
  const ends = end === 'waits' ? pages : props.graph.nodes.filter((n) => props.types.get(n.type)?.terminal === end);

  const loadInputs = async (index: number, step: string) => {
    const { fields, actions } = await pageInputs(props.graph, step, lang).catch(() => ({ fields: [] as PageInput[], actions: [] }));
    setAnswers((as) => as.map((a, i) => (i === index ? { ...a, inputs: fields, actions } : a)));
  };
  const setAnswer = (index: number, patch: Partial<AnswerDraft>) => setAnswers((as) => as.map((a, i) => (i === index ? { ...a, ...patch } : a)));

  /** Passwords and codes typed in the form are sealed by the server before the case keeps them ({code} is no secret). */
  const seal = async (value: string): Promise<SealedValue> => ({ sealed: (await api.sealTestValue(props.graph.id, value)).sealed });
  const isSecretField = (a: AnswerDraft, field: string) => (a.inputs ? a.inputs.some((f) => f.name === field && f.type !== 'text') : /password/i.test(field));

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t.needName);
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return setError(t.needEmail);
    if (end === 'waits' && !endStep) return setError(t.needStep);
    try {
      const personaPassword = exists ? (password ? await seal(password) : keptPassword) : undefined;
      const sealedAnswers = await Promise.all(
        answers.map(async (a) => {
          const values: Record<string, TestValue> = {};
          for (const [field, value] of Object.entries(a.values)) {
            if (value === '') continue;
            values[field] = typeof value === 'string' && value !== CODE_PLACEHOLDER && isSecretField(a, field) ? await seal(value) : value;
          }
          return { step: a.step, values, ...(a.action ? { action: a.action } : {}) };
        }),
      );
      props.onSave({
        id: init?.id ?? idFromName(name, (id) => props.taken.has(id), 'case'),
        name: name.trim(),
        persona: { email: email.trim(), exists, ...(personaPassword ? { password: personaPassword } : {}), ...(init?.persona.emailVerified === false ? { emailVerified: false } : {}), ...(init?.persona.attributes ? { attributes: init.persona.attributes } : {}) },
        answers: sealedAnswers,
        expect: { end, ...(endStep ? { step: endStep } : {}) },
      });
    } catch (err) {
      setError(fill(t.couldNotSave, { error: (err as Error).message }));
    }
  };

  return (
    <form className="panel test-case-form" onSubmit={save} aria-labelledby="case-form-heading" noValidate>
      <h2 id="case-form-heading">{init ? fill(t.editCase, { name: init.name }) : t.newCase}</h2>
      <label>
        {t.name}
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t.nameExample} />
      </label>
      <fieldset>
        <legend>{t.person}</legend>
        <label>
          {t.email}
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={exists} onChange={(e) => setExists(e.target.checked)} />
          {t.exists}
        </label>
        {exists && (
          <label>
            {t.password}
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" placeholder={keptPassword ? t.sealedHint : undefined} />
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>{t.answers}</legend>
        <p className="muted">{fill(t.answersAbout, { code: CODE_PLACEHOLDER })}</p>
        {answers.map((a, i) => (
          <div className="answer" key={i} role="group" aria-label={fill(t.answer, { n: i + 1, step: labelOf(a.step) })}>
            <strong>
              {i + 1}. {labelOf(a.step)}
            </strong>
            {a.inputs === null ? (
              <button type="button" onClick={() => loadInputs(i, a.step)}>
                {fill(t.showFields, { step: labelOf(a.step) })}
              </button>
            ) : (
              a.inputs.map((f) => {
                const value = a.values[f.name];
                return (
                  <label key={f.name}>
                    {f.label}
                    <input
                      type={f.type === 'password' ? 'password' : 'text'}
                      autoComplete="off"
                      value={typeof value === 'string' ? value : ''}
                      placeholder={isSealed(value) ? t.sealedHint : undefined}
                      onChange={(e) => setAnswer(i, { values: { ...a.values, [f.name]: e.target.value } })}
                    />
                  </label>
                );
              })
            )}
            {a.inputs === null &&
              Object.entries(a.values).map(([k, v]) => (
                <small key={k}>
                  {k}: {isSealed(v) || /password/i.test(k) ? t.sealed : v}
                </small>
              ))}
            {a.actions.length > 1 && (
              <label>
                {t.button}
                <select value={a.action ?? ''} onChange={(e) => setAnswer(i, { action: e.target.value || undefined })}>
                  <option value="">{a.actions[0]!.label}</option>
                  {a.actions.slice(1).map((b) => (
                    <option key={b.value} value={b.value}>
                      {b.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button type="button" onClick={() => setAnswers((as) => as.filter((_, j) => j !== i))}>
              {fill(t.removeAnswer, { n: i + 1 })}
            </button>
          </div>
        ))}
        <label>
          {t.addAnswer}
          <select
            value=""
            onChange={(e) => {
              const step = e.target.value;
              if (!step) return;
              const index = answers.length;
              setAnswers((as) => [...as, { step, values: {}, inputs: null, actions: [] }]);
              void loadInputs(index, step);
            }}
          >
            <option value="">{t.chooseStep}</option>
            {pages.map((n) => (
              <option key={n.id} value={n.id}>
                {labelOf(n.id)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>{t.ending}</legend>
        <label>
          {t.endsIn}
          <select value={end} onChange={(e) => (setEnd(e.target.value as 'success' | 'failure' | 'waits'), setEndStep(''))}>
            <option value="success">{t.success}</option>
            <option value="failure">{t.failure}</option>
            <option value="waits">{t.waits}</option>
          </select>
        </label>
        {(ends.length > 1 || end === 'waits') && (
          <label>
            {t.atStep}
            <select value={endStep} onChange={(e) => setEndStep(e.target.value)}>
              <option value="">{end === 'waits' ? t.chooseStep : end === 'success' ? t.anySuccess : t.anyFailure}</option>
              {ends.map((n) => (
                <option key={n.id} value={n.id}>
                  {labelOf(n.id)}
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="hstack">
        <button type="submit" className="primary">
          {t.save}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
