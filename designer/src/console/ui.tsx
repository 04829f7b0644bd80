import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTexts } from './i18n';
import { formProblems } from '../api';

/** A labelled form control with its hint and its problem right beneath it (announced to screen readers). */
export function Field(props: { label: string; hint?: string; problem?: string | null; children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [props.hint ? hintId : '', props.problem ? problemId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, describedBy, invalid: Boolean(props.problem) })}
      {props.hint && (
        <small id={hintId} className="muted">
          {props.hint}
        </small>
      )}
      {props.problem && (
        <small id={problemId} className="field-problem" role="alert">
          {props.problem}
        </small>
      )}
    </div>
  );
}

const COPY_TEXTS = { en: { copy: 'Copy', copied: 'Copied' }, id: { copy: 'Salin', copied: 'Tersalin' } };

/** A value a developer copies (client id, secret, issuer), with its label and a copy button. */
export function CopyValue(props: { label: string; value: string; secret?: boolean }) {
  const t = useTexts(COPY_TEXTS);
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-value">
      <span id={id} className="copy-label">
        {props.label}
      </span>
      <code aria-labelledby={id} className={props.secret ? 'secret' : undefined}>
        {props.value}
      </code>
      <button
        type="button"
        aria-label={`${t.copy}: ${props.label}`}
        onClick={() => {
          void navigator.clipboard?.writeText(props.value).then(() => setCopied(true), () => setCopied(false));
        }}
      >
        {copied ? t.copied : t.copy}
      </button>
    </div>
  );
}

/** A record form's foot: why the save failed (if it did), then its submit and cancel buttons. */
export function FormFoot(props: { problem: string; busy: boolean; submit: string; cancel: string; onCancel: () => void }) {
  return (
    <>
      {props.problem && (
        <p className="problem" role="alert">
          {props.problem}
        </p>
      )}
      <div className="hstack">
        <button type="submit" className="primary" disabled={props.busy}>
          {props.submit}
        </button>
        <button type="button" onClick={props.onCancel}>
          {props.cancel}
        </button>
      </div>
    </>
  );
}

/** An inline "are you sure" for a destructive action, instead of a browser dialog. */
export function Confirm(props: { question: string; confirm: string; cancel: string; onConfirm: () => void; onCancel: () => void; busy?: boolean }) {
  return (
    <div className="confirm" role="group" aria-label={props.question}>
      <p>{props.question}</p>
      <div className="hstack">
        <button type="button" className="danger" onClick={props.onConfirm} disabled={props.busy}>
          {props.confirm}
        </button>
        <button type="button" onClick={props.onCancel}>
          {props.cancel}
        </button>
      </div>
    </div>
  );
}

/** The words of a `SecretCard`, from its section's texts. */
export interface SecretCardTexts {
  secretTitle: string;
  secretOnce: string;
  secretLabel: string;
  secretKept: string;
  rotate: string;
  rotateNow: string;
  cancel: string;
}

/**
 * A record's secret (an app's client secret, a webhook's signing secret): shown once when just
 * issued, afterwards only said to be kept; rotated after an inline confirmation (`question`).
 */
export function SecretCard(props: {
  t: SecretCardTexts;
  issued: string | null;
  /** Said under the secret (e.g. until when the previous one still works). */
  note?: ReactNode;
  question: string;
  canWrite: boolean;
  confirming: boolean;
  busy: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onRotate: () => void;
}) {
  const t = props.t;
  return (
    <div className="card">
      <h2>{t.secretTitle}</h2>
      {props.issued ? (
        <div className="notice" role="status">
          <p>{t.secretOnce}</p>
          <CopyValue label={t.secretLabel} value={props.issued} secret />
        </div>
      ) : (
        <p className="muted">{t.secretKept}</p>
      )}
      {props.note}
      {!props.canWrite ? null : props.confirming ? (
        <Confirm question={props.question} confirm={t.rotateNow} cancel={t.cancel} busy={props.busy} onCancel={props.onCancel} onConfirm={props.onRotate} />
      ) : (
        <button type="button" onClick={props.onAsk}>
          {t.rotate}
        </button>
      )}
    </div>
  );
}

/**
 * A list's primary "create" action: a link to the new record's page, or a button that opens the form
 * right beneath the title (`open`, with the form's element id in `controls`).
 */
export type CreateAction = { href: string; label: string } | { label: string; open: boolean; onToggle: () => void; controls: string };

/**
 * A console list's title with its primary "create" action at the top right: every list puts it in the
 * same place, so a person finds it without looking for it (left out for those who may not add).
 */
export function ListTitle(props: {
  title: string;
  id?: string;
  create?: CreateAction | false;
  /** 2 for a list within a page (an organisation's members). */
  level?: 1 | 2;
  /** Other ways to add, beside it (e.g. an import). */
  more?: ReactNode;
}) {
  const create = props.create;
  const Heading = props.level === 2 ? 'h2' : 'h1';
  return (
    <div className="hstack list-title">
      <Heading id={props.id}>{props.title}</Heading>
      <span className="spacer" />
      {props.more}
      {create &&
        ('href' in create ? (
          <a className="button-link" href={create.href}>
            {create.label}
          </a>
        ) : (
          <button type="button" className="primary" aria-expanded={create.open} aria-controls={create.open ? create.controls : undefined} onClick={create.onToggle}>
            {create.label}
          </button>
        ))}
    </div>
  );
}

/** A column of a DataTable: its heading, and what each row shows under it. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
}

/**
 * The console's list of records: the loading line until the rows arrive, a sentence when there are none,
 * otherwise a table with column headings that scrolls sideways on a narrow screen instead of the page.
 * A column given as `false` is left out (a column only some roles see).
 */
export function DataTable<Row>(props: {
  rows: Row[] | null | undefined;
  columns: Array<Column<Row> | false>;
  rowKey: (row: Row, index: number) => string;
  loading: string;
  empty?: string;
  label?: string;
}) {
  const columns = props.columns.filter((c): c is Column<Row> => c !== false);
  if (!props.rows) return <p>{props.loading}</p>;
  if (props.rows.length === 0 && props.empty) return <p>{props.empty}</p>;
  return (
    <div className="table-wrap">
      <table className="list" aria-label={props.label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, index) => (
            <tr key={props.rowKey(row, index)}>
              {columns.map((c) => (
                <td key={c.header}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A console section's list page: its heading with the "new" link beside it (for those who may add),
 * a sentence on what it holds, the records loaded from the API in a DataTable, or why they could not be.
 */
export function RecordListPage<Row>(props: {
  title: string;
  intro?: string;
  /** The link to a new record; left out for those who may not add. */
  add?: { href: string; label: string } | false;
  load: () => Promise<Row[]>;
  columns: Array<Column<Row> | false>;
  rowKey: (row: Row, index: number) => string;
  loading: string;
  empty: string;
}) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState('');
  const { load } = props;
  useEffect(() => {
    load().then(setRows, (e: unknown) => setError(messageOf(e)));
    // Loaded once, when the page opens.
  }, []);
  return (
    <section>
      <ListTitle title={props.title} create={props.add} />
      {props.intro && <p className="muted">{props.intro}</p>}
      {error && <p role="alert" className="problem">{error}</p>}
      <DataTable rows={rows} rowKey={props.rowKey} loading={props.loading} empty={props.empty} columns={props.columns} />
    </section>
  );
}

/**
 * A console action: runs it, then `after` (reload what is shown), and says what it did (`done`, or
 * words made from its result) or why it failed; `busy` while it runs. An action that saves a form
 * names the form's fields (`fields`, see formProblems): what the API refuses of them is in `refused`,
 * by field, to show under each. `setProblem`/`setStatus` let a page report a failed load or its own
 * note in the same places.
 */
export function useAction(after?: () => unknown) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const act = async <T,>(what: () => Promise<T>, done: string | ((result: T) => string) = '', fields: readonly string[] = []) => {
    setBusy(true);
    setProblem('');
    setRefused({});
    setStatus('');
    try {
      const result = await what();
      await after?.();
      setStatus(typeof done === 'function' ? done(result) : done);
    } catch (e) {
      const sorted = formProblems(e, fields);
      setRefused(sorted.fields);
      setProblem(sorted.other);
    } finally {
      setBusy(false);
    }
  };
  return { act, busy, problem, refused, status, setProblem, setStatus };
}

/** The message of an API error, or of anything thrown. */
export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
