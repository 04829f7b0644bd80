import { useEffect, useState } from 'react';
import { fill, useLang, useTexts } from '../i18n';
import { DataTable, Field, useAction } from '../ui';
import { webhooksApi, DELIVERIES_SHOWN, DELIVERY_STATES, type Delivery, type DeliveryState } from './api';
import { EVENT_WORDS, STATE_WORDS, WEBHOOK_TEXTS, lastAnswerWords } from './texts';

/**
 * An endpoint's deliveries, newest first, filtered by state: what was sent, how often it was tried,
 * what the receiver answered last; a dead letter has a Replay button for those who may change webhooks.
 */
export function Deliveries(props: { endpointId: string; canWrite: boolean }) {
  const t = useTexts(WEBHOOK_TEXTS);
  const lang = useLang();
  const [state, setState] = useState<DeliveryState | ''>('');
  const [rows, setRows] = useState<Delivery[] | null>(null);
  const load = () => webhooksApi.deliveries(props.endpointId, state).then(setRows);
  const { act, busy, problem, status, setProblem } = useAction(load);
  useEffect(() => {
    setRows(null);
    load().catch((e: Error) => setProblem(e.message));
  }, [props.endpointId, state]);

  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB');

  return (
    <section aria-labelledby="deliveries-title">
      <div className="hstack list-title">
        <h2 id="deliveries-title">{t.deliveries}</h2>
        <span className="spacer" />
        <button type="button" onClick={() => void act(load)} disabled={busy}>
          {t.refresh}
        </button>
      </div>
      <p className="muted">{t.deliveriesIntro}</p>
      <Field label={t.stateFilter}>
        {(f) => (
          <select id={f.id} value={state} onChange={(e) => setState(e.target.value as DeliveryState | '')}>
            <option value="">{t.allStates}</option>
            {DELIVERY_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_WORDS[s][lang]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      {status && (
        <p className="success-note" role="status">
          {status}
        </p>
      )}
      {rows?.length === DELIVERIES_SHOWN && <p className="muted">{fill(t.newestOnly, { count: DELIVERIES_SHOWN })}</p>}
      <DataTable
        rows={rows}
        label={t.deliveries}
        rowKey={(d) => d.id}
        loading={t.loading}
        empty={t.noDeliveries}
        columns={[
          {
            header: t.event,
            cell: (d) => (
              <>
                {EVENT_WORDS[d.eventType]?.[lang].label ?? d.eventType}
                <div className="muted">{when(d.createdAt)}</div>
                {/* What the receiver logs as the request's webhook-id: the same on every attempt. */}
                <div className="muted break-anywhere">
                  <small>{fill(t.messageId, { id: d.eventId })}</small>
                </div>
              </>
            ),
          },
          {
            header: t.state,
            cell: (d) => (
              <>
                {STATE_WORDS[d.state][lang]}
                <div className="muted">{fill(d.attempts === 1 ? t.attemptOne : t.attemptMany, { count: d.attempts })}</div>
                {d.state === 'pending' && d.nextAttemptAt && d.attempts > 0 ? <div className="muted">{fill(t.nextAttempt, { when: when(d.nextAttemptAt) })}</div> : null}
                {props.canWrite && d.state === 'dead' ? (
                  <button type="button" disabled={busy} aria-label={`${t.replay}: ${EVENT_WORDS[d.eventType]?.[lang].label ?? d.eventType}, ${when(d.createdAt)}`} onClick={() => void act(() => webhooksApi.replay(props.endpointId, d.id), t.replayed)}>
                    {t.replay}
                  </button>
                ) : null}
              </>
            ),
          },
          { header: t.lastError, cell: (d) => <span className="break-anywhere">{lastAnswerWords(d, lang)}</span> },
        ]}
      />
    </section>
  );
}
