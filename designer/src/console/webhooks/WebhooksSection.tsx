import { useEffect, useState } from 'react';
import { fill, useLang, useTexts } from '../i18n';
import { hrefOf, navigate } from '../route';
import { Confirm, RecordListPage, SecretCard, messageOf, useAction } from '../ui';
import { useCan } from '../me';
import { webhooksApi, type Endpoint } from './api';
import { EndpointForm } from './EndpointForm';
import { Deliveries } from './Deliveries';
import { EVENT_WORDS, STATE_WORDS, WEBHOOK_TEXTS } from './texts';

const WRITE = 'webhooks:write';

/** The Webhooks section: the list (`#/webhooks`), a new endpoint (`#/webhooks/new`), one endpoint (`#/webhooks/<id>`). */
export function WebhooksSection(props: { rest: string[] }) {
  // A signing secret just issued is shown once, on the endpoint's page, and forgotten when leaving it.
  const [issued, setIssued] = useState<{ endpointId: string; secret: string } | null>(null);
  const [id] = props.rest;
  if (!id) return <EndpointList />;
  if (id === 'new')
    return (
      <NewEndpoint
        onCreated={(endpoint) => {
          setIssued({ endpointId: endpoint.id, secret: endpoint.secret });
          navigate('webhooks', endpoint.id);
        }}
      />
    );
  return <EndpointPage key={id} id={id} issued={issued?.endpointId === id ? issued.secret : null} onIssued={(secret) => setIssued({ endpointId: id, secret })} />;
}

function EndpointList() {
  const t = useTexts(WEBHOOK_TEXTS);
  const lang = useLang();
  const canWrite = useCan(WRITE);
  return (
    <RecordListPage
      title={t.title}
      intro={t.intro}
      add={canWrite && { href: hrefOf('webhooks', 'new'), label: t.add }}
      load={webhooksApi.list}
      rowKey={(e) => e.id}
      loading={t.loading}
      empty={t.none}
      columns={[
        {
          header: t.url,
          cell: (e) => (
            <>
              <a className="break-anywhere" href={hrefOf('webhooks', e.id)}>{e.url}</a>
              {e.description && <div className="muted">{e.description}</div>}
            </>
          ),
        },
        { header: t.events, cell: (e) => e.eventTypes.map((type) => EVENT_WORDS[type]?.[lang].label ?? type).join(', ') },
        { header: t.status, cell: (e) => (e.enabled ? t.on : t.off) },
        { header: t.lastDelivery, cell: (e) => (e.lastDelivery ? STATE_WORDS[e.lastDelivery.state][lang] : t.noDelivery) },
      ]}
    />
  );
}

function NewEndpoint(props: { onCreated: (endpoint: Endpoint & { secret: string }) => void }) {
  const t = useTexts(WEBHOOK_TEXTS);
  return (
    <section>
      <p>
        <a href={hrefOf('webhooks')}>{t.back}</a>
      </p>
      <h1>{t.add}</h1>
      <EndpointForm onSaved={(e) => props.onCreated(e as Endpoint & { secret: string })} onCancel={() => navigate('webhooks')} />
    </section>
  );
}

function EndpointPage(props: { id: string; issued: string | null; onIssued: (secret: string) => void }) {
  const t = useTexts(WEBHOOK_TEXTS);
  const lang = useLang();
  const canWrite = useCan(WRITE);
  const [endpoint, setEndpoint] = useState<Endpoint | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState<'rotate' | 'delete' | null>(null);
  const { act: run, busy, problem: error, setProblem: setError } = useAction();

  useEffect(() => {
    webhooksApi.get(props.id).then(setEndpoint, (e: unknown) => setError(messageOf(e)));
  }, [props.id]);

  /** A confirmed action (rotate, delete): its question closes whether it worked or not. */
  const act = (what: () => Promise<unknown>) => run(what).then(() => setConfirming(null));

  if (error && !endpoint) return <p role="alert" className="problem">{error}</p>;
  if (!endpoint) return <p>{t.loading}</p>;
  return (
    <section>
      <p>
        <a href={hrefOf('webhooks')}>{t.back}</a>
      </p>
      <h1 className="break-anywhere">{endpoint.description || endpoint.url}</h1>
      {error && <p role="alert" className="problem">{error}</p>}

      <SecretCard
        t={t}
        issued={props.issued}
        note={endpoint.previousSecretValidUntil && <p>{fill(t.previousValid, { when: new Date(endpoint.previousSecretValidUntil).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB') })}</p>}
        question={endpoint.secretOverlapHours > 0 ? fill(t.rotateQuestion, { hours: endpoint.secretOverlapHours }) : t.rotateQuestionAtOnce}
        canWrite={canWrite}
        confirming={confirming === 'rotate'}
        busy={busy}
        onAsk={() => setConfirming('rotate')}
        onCancel={() => setConfirming(null)}
        onRotate={() =>
          act(async () => {
            const { secret, ...rotated } = await webhooksApi.rotateSecret(endpoint.id);
            setEndpoint(rotated);
            props.onIssued(secret);
          })
        }
      />

      <Deliveries endpointId={endpoint.id} canWrite={canWrite} />

      <h2>{t.settingsTitle}</h2>
      {saved && (
        <p className="success-note" role="status">
          {t.saved}
        </p>
      )}
      <EndpointForm
        key={endpoint.updatedAt}
        endpoint={endpoint}
        readOnly={!canWrite}
        onCancel={() => navigate('webhooks')}
        onSaved={(next) => {
          setEndpoint(next);
          setSaved(true);
        }}
      />

      {canWrite &&
        (confirming === 'delete' ? (
          <Confirm
            question={t.removeQuestion}
            confirm={t.removeNow}
            cancel={t.cancel}
            busy={busy}
            onCancel={() => setConfirming(null)}
            onConfirm={() => act(async () => (await webhooksApi.remove(endpoint.id), navigate('webhooks')))}
          />
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming('delete')}>
            {t.remove}
          </button>
        ))}
    </section>
  );
}
