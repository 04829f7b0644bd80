import { useState } from 'react';
import { api, type FlowGraph, type JourneyTestCase, type NodeTypeInfo, type SealedValue, type TestCaseResult, type TestValue } from './api';
import { idFromName } from '../../engine/flow/changes';
// A secret the server sealed (a password): never shown, kept as it is unless a new value is typed.
import { CODE_PLACEHOLDER, isSealed } from '../../engine/flow/test-cases';

const SEALED_HINT = 'Sealed; type a new one to replace it';

/** A field of a step's page, read from its preview: what the person types there. */
interface PageInput {
  name: string;
  label: string;
  /** A password or a one-time code is a secret: the case keeps it sealed. */
  type: 'password' | 'code' | 'text';
}

/** The fields and buttons a step's page shows, read from the same preview the designer shows. */
async function pageInputs(graph: FlowGraph, stepId: string): Promise<{ fields: PageInput[]; actions: Array<{ value: string; label: string }> }> {
  const { html } = await api.preview(graph, stepId, 'en');
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
  const cases = props.graph.tests ?? [];
  const [editing, setEditing] = useState<JourneyTestCase | 'new' | null>(null);
  const [running, setRunning] = useState(false);
  const [message, setMessage] = useState('');

  const runAll = async () => {
    setRunning(true);
    setMessage('Running the test cases…');
    try {
      const { results } = await api.runTests(props.graph);
      props.onResults(results);
      const failed = results.filter((r) => !r.passed).length;
      setMessage(failed ? `${failed} of ${results.length} failed.` : `All ${results.length} passed.`);
      const first = results.find((r) => !r.passed);
      if (first) props.onShowPath(first);
    } catch (e) {
      setMessage(`Could not run them: ${(e as Error).message}`);
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
          setMessage(`Test case "${saved.name}" saved.`);
        }}
      />
    );
  }

  return (
    <section className="panel test-cases" aria-labelledby="test-cases-heading">
      <h2 id="test-cases-heading">Test cases</h2>
      <p className="muted">Made-up people going through the journey. They run in a sandbox (nobody is created, nothing is sent) and all run before publishing: one that fails stops it.</p>
      {cases.length === 0 ? (
        <p>No test cases yet.</p>
      ) : (
        <ul className="cases">
          {cases.map((c) => {
            const result = props.results.find((r) => r.caseId === c.id);
            return (
              <li key={c.id}>
                <div>
                  <strong>{c.name}</strong>{' '}
                  {result && <span className={`badge ${result.passed ? 'ok-badge' : 'problems-badge'}`}>{result.passed ? 'Passed' : 'Failed'}</span>}
                </div>
                <small>
                  {c.persona.email} {c.persona.exists ? '(has an account)' : '(new)'} · {c.expect.end === 'waits' ? 'expects it to wait at a step' : `expects ${c.expect.end}`}
                </small>
                {result && !result.passed && <p className="error-text">{result.reason}</p>}
                <div className="hstack">
                  {result && (
                    <button type="button" onClick={() => props.onShowPath(result)}>
                      Show its path
                    </button>
                  )}
                  <button type="button" onClick={() => setEditing(c)} aria-label={`Edit "${c.name}"`}>
                    Edit
                  </button>
                  <button type="button" onClick={() => props.onChange(cases.filter((x) => x.id !== c.id))} aria-label={`Remove "${c.name}"`}>
                    Remove
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div className="hstack">
        <button type="button" onClick={() => setEditing('new')}>
          Add a test case
        </button>
        <button type="button" className="primary" onClick={runAll} disabled={running || cases.length === 0}>
          Run all test cases
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
    const { fields, actions } = await pageInputs(props.graph, step).catch(() => ({ fields: [] as PageInput[], actions: [] }));
    setAnswers((as) => as.map((a, i) => (i === index ? { ...a, inputs: fields, actions } : a)));
  };
  const setAnswer = (index: number, patch: Partial<AnswerDraft>) => setAnswers((as) => as.map((a, i) => (i === index ? { ...a, ...patch } : a)));

  /** Passwords and codes typed in the form are sealed by the server before the case keeps them ({code} is no secret). */
  const seal = async (value: string): Promise<SealedValue> => ({ sealed: (await api.sealTestValue(props.graph.id, value)).sealed });
  const isSecretField = (a: AnswerDraft, field: string) => (a.inputs ? a.inputs.some((f) => f.name === field && f.type !== 'text') : /password/i.test(field));

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the test case a name.');
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return setError("Enter the made-up person's email address.");
    if (end === 'waits' && !endStep) return setError('Choose the step it should wait at.');
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
      setError(`Could not save it: ${(err as Error).message}`);
    }
  };

  return (
    <form className="panel test-case-form" onSubmit={save} aria-labelledby="case-form-heading" noValidate>
      <h2 id="case-form-heading">{init ? `Edit "${init.name}"` : 'New test case'}</h2>
      <label>
        Name of the test case
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Returning customer mistypes the password" />
      </label>
      <fieldset>
        <legend>The made-up person</legend>
        <label>
          Email address
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={exists} onChange={(e) => setExists(e.target.checked)} />
          Already has an account
        </label>
        {exists && (
          <label>
            Password of that account
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" placeholder={keptPassword ? SEALED_HINT : undefined} />
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>What they answer, in order</legend>
        <p className="muted">A step shown twice (a wrong password, then the right one) takes its next answer. Type {'{code}'} for the code the journey mails or texts.</p>
        {answers.map((a, i) => (
          <div className="answer" key={i} role="group" aria-label={`Answer ${i + 1}: ${labelOf(a.step)}`}>
            <strong>
              {i + 1}. {labelOf(a.step)}
            </strong>
            {a.inputs === null ? (
              <button type="button" onClick={() => loadInputs(i, a.step)}>
                Show the fields of {labelOf(a.step)}
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
                      placeholder={isSealed(value) ? SEALED_HINT : undefined}
                      onChange={(e) => setAnswer(i, { values: { ...a.values, [f.name]: e.target.value } })}
                    />
                  </label>
                );
              })
            )}
            {a.inputs === null &&
              Object.entries(a.values).map(([k, v]) => (
                <small key={k}>
                  {k}: {isSealed(v) || /password/i.test(k) ? '•••• (sealed)' : v}
                </small>
              ))}
            {a.actions.length > 1 && (
              <label>
                Button pressed
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
              Remove answer {i + 1}
            </button>
          </div>
        ))}
        <label>
          Add an answer for the step
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
            <option value="">Choose a step…</option>
            {pages.map((n) => (
              <option key={n.id} value={n.id}>
                {labelOf(n.id)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>How it should end</legend>
        <label>
          Ends in
          <select value={end} onChange={(e) => (setEnd(e.target.value as 'success' | 'failure' | 'waits'), setEndStep(''))}>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
            <option value="waits">Waiting at a step for an answer</option>
          </select>
        </label>
        {(ends.length > 1 || end === 'waits') && (
          <label>
            At the step
            <select value={endStep} onChange={(e) => setEndStep(e.target.value)}>
              <option value="">{end === 'waits' ? 'Choose a step…' : `Any ${end} step`}</option>
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
          Save the test case
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
