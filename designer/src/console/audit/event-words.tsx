import { AUDIT_DETAIL_LABELS, AUDIT_EVENT_GROUPS, AUDIT_EVENT_WORDS, FACTOR_WORDS, SIGN_IN_METHOD_WORDS, type AuditEventGroup } from '../../../../engine/admin/audit-words';
import type { Lang, Texts } from '../i18n';
import { useLang, useTexts } from '../i18n';

/** An audit event as the admin API answers it: the stored event and its ids resolved to names. */
export interface AuditEvent {
  id: string;
  at: string;
  type: string;
  userId: string | null;
  actor: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  userEmail: string | null;
  by: { kind: 'self' | 'administrator' | 'user' | 'api' | 'system' | 'unknown'; email: string | null };
  names: { flowId?: string; appId?: string; orgId?: string };
}

const en = {
  anyEvent: 'Any event',
  self: 'The user themselves',
  administrator: 'Administrator',
  api: 'API client (admin token)',
  system: 'System (automatic)',
  deleted: 'Deleted account',
  ip: 'IP address',
  yes: 'yes',
  no: 'no',
  showRaw: 'Show raw details',
};
export const WORDS: Texts<typeof en> = {
  en,
  id: {
    anyEvent: 'Semua peristiwa',
    self: 'Pengguna itu sendiri',
    administrator: 'Administrator',
    api: 'Klien API (token admin)',
    system: 'Sistem (otomatis)',
    deleted: 'Akun yang telah dihapus',
    ip: 'Alamat IP',
    yes: 'ya',
    no: 'tidak',
    showRaw: 'Tampilkan rincian mentah',
  },
};

/** The event's name in the console's language; a type this console does not know is shown as recorded. */
export const eventName = (type: string, lang: Lang) => AUDIT_EVENT_WORDS[type]?.[lang] ?? type;

/** The event-type filter: every named type, in its group, sending the code. */
export function EventTypeSelect(props: { id: string; value: string; onChange: (type: string) => void }) {
  const lang = useLang();
  const t = useTexts(WORDS);
  const groups = Object.keys(AUDIT_EVENT_GROUPS) as AuditEventGroup[];
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value="">{t.anyEvent}</option>
      {groups.map((group) => (
        <optgroup key={group} label={AUDIT_EVENT_GROUPS[group][lang]}>
          {Object.entries(AUDIT_EVENT_WORDS)
            .filter(([, w]) => w.group === group)
            .map(([type, w]) => (
              <option key={type} value={type}>
                {w[lang]}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

/** Who acted, in words: the person themself, an administrator or account by email, the API token, the system. */
export function ActorCell({ event }: { event: AuditEvent }) {
  const t = useTexts(WORDS);
  const { kind, email } = event.by;
  if (kind === 'self') return <>{t.self}</>;
  if (kind === 'api') return <>{t.api}</>;
  if (kind === 'system') return <>{t.system}</>;
  if (kind === 'unknown') return <span title={event.actor ?? undefined}>{t.deleted}</span>;
  return kind === 'administrator' ? (
    <>
      {email} <span className="muted">({t.administrator})</span>
    </>
  ) : (
    <>{email}</>
  );
}

/** Detail keys whose values are second factors or sign-in methods by their engine names. */
const FACTOR_KEYS = new Set(['factor', 'method', 'removed']);

/** One detail's value in words: the journey, app or organisation by name, sign-in methods named, lists joined. */
function valueOf(key: string, value: unknown, event: AuditEvent, lang: Lang, t: typeof en): string {
  if (key === 'flowId' || key === 'appId' || key === 'orgId') return event.names[key] ?? String(value);
  if (key === 'amr' && Array.isArray(value)) return value.map((m) => SIGN_IN_METHOD_WORDS[String(m)]?.[lang] ?? String(m)).join(', ');
  if (FACTOR_KEYS.has(key) || (key === 'type' && event.type.startsWith('factor'))) {
    const named = (v: unknown) => FACTOR_WORDS[String(v)]?.[lang] ?? String(v);
    if (typeof value === 'string') return named(value);
    if (Array.isArray(value)) return value.map(named).join(', ');
  }
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The details as labelled values, every key kept (one this console has no name for is shown as it
 * is), the IP address and request id last, and the event exactly as stored one click away.
 */
export function DetailsCell({ event }: { event: AuditEvent }) {
  const lang = useLang();
  const t = useTexts(WORDS);
  const { requestId, ...rest } = event.details;
  const rows: Array<[string, string, string]> = Object.entries(rest).map(([key, value]) => [key, AUDIT_DETAIL_LABELS[key]?.[lang] ?? key, valueOf(key, value, event, lang, t)]);
  if (event.ip) rows.push(['ip', t.ip, event.ip]);
  if (requestId !== undefined) rows.push(['requestId', AUDIT_DETAIL_LABELS.requestId[lang], String(requestId)]);
  const raw = { id: event.id, at: event.at, type: event.type, userId: event.userId, actor: event.actor, ip: event.ip, details: event.details };
  return (
    <div className="audit-details">
      {rows.length ? (
        <dl>
          {rows.map(([key, label, value]) => (
            <div key={key}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <details>
        <summary>{t.showRaw}</summary>
        <pre>{JSON.stringify(raw, null, 2)}</pre>
      </details>
    </div>
  );
}
