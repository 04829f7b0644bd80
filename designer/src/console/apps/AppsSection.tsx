import { useEffect, useState } from 'react';
import { useTexts } from '../i18n';
import { hrefOf, navigate } from '../route';
import { Confirm, CopyValue, RecordListPage, SecretCard, messageOf, useAction } from '../ui';
import { useCan } from '../me';
import { api } from '../../api';
import { appsApi, type AppView, type Connect } from './api';
import { AppForm } from './AppForm';
import { APPS_TEXTS } from './texts';

/** The Apps section: the list (`#/apps`), a new app (`#/apps/new`), one app (`#/apps/<client id>`). */
export function AppsSection(props: { rest: string[] }) {
  // A secret just issued is shown once, on the app's page, and forgotten when leaving it.
  const [issued, setIssued] = useState<{ appId: string; secret: string } | null>(null);
  const [id] = props.rest;
  if (!id) return <AppList />;
  if (id === 'new')
    return (
      <NewApp
        onCreated={(app) => {
          if (app.clientSecret) setIssued({ appId: app.id, secret: app.clientSecret });
          navigate('apps', app.id);
        }}
      />
    );
  return <AppPage key={id} id={id} issued={issued?.appId === id ? issued.secret : null} onIssued={(secret) => setIssued({ appId: id, secret })} />;
}

/**
 * The apps, each with its journey's name (as the journey list shows it) beside the id it is stored by;
 * a role that may not read journeys sees the ids.
 */
async function listWithJourneyNames(): Promise<Array<AppView & { journeyName?: string }>> {
  const [apps, journeys] = await Promise.all([appsApi.list(), api.flows().catch(() => [])]);
  const names = new Map(journeys.map((j) => [j.id, j.name]));
  return apps.map((a) => ({ ...a, journeyName: a.flowId ? names.get(a.flowId) : undefined }));
}

function AppList() {
  const t = useTexts(APPS_TEXTS);
  const canWrite = useCan('apps:write');
  const typeLabel = { public: t.typePublic, confidential: t.typeConfidential, native: t.typeNative, device: t.typeDevice, machine: t.typeMachine };
  return (
    <RecordListPage
      title={t.title}
      add={canWrite && { href: hrefOf('apps', 'new'), label: t.newApp }}
      load={listWithJourneyNames}
      rowKey={(a) => a.id}
      loading={t.loading}
      empty={t.none}
      columns={[
        { header: t.name, cell: (a) => <a href={hrefOf('apps', a.id)}>{a.name}</a> },
        { header: t.type, cell: (a) => typeLabel[a.type] },
        { header: t.clientId, cell: (a) => <code>{a.id}</code> },
        { header: t.journey, cell: (a) => a.journeyName ?? a.flowId ?? '—' },
      ]}
    />
  );
}

function NewApp(props: { onCreated: (app: AppView & { clientSecret?: string }) => void }) {
  const t = useTexts(APPS_TEXTS);
  return (
    <section>
      <p>
        <a href={hrefOf('apps')}>← {t.back}</a>
      </p>
      <h1>{t.newApp}</h1>
      <AppForm onSaved={props.onCreated} onCancel={() => navigate('apps')} />
    </section>
  );
}

function AppPage(props: { id: string; issued: string | null; onIssued: (secret: string) => void }) {
  const t = useTexts(APPS_TEXTS);
  const canWrite = useCan('apps:write');
  const [app, setApp] = useState<AppView | null>(null);
  const [connect, setConnect] = useState<Connect | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState<'rotate' | 'delete' | null>(null);
  const { act: run, busy, problem: error, setProblem: setError } = useAction();

  useEffect(() => {
    Promise.all([appsApi.get(props.id), appsApi.connect(props.id)]).then(([a, c]) => (setApp(a), setConnect(c)), (e: unknown) => setError(messageOf(e)));
  }, [props.id]);

  /** A confirmed action (rotate, delete): its question closes whether it worked or not. */
  const act = (what: () => Promise<unknown>) => run(what).then(() => setConfirming(null));

  if (error && !app) return <p role="alert" className="problem">{error}</p>;
  if (!app || !connect) return <p>{t.loading}</p>;
  return (
    <section>
      <p>
        <a href={hrefOf('apps')}>← {t.back}</a>
      </p>
      <h1>{app.name}</h1>
      {error && <p role="alert" className="problem">{error}</p>}

      {app.hasSecret && (
        <SecretCard
          t={t}
          issued={props.issued}
          question={t.rotateQuestion}
          canWrite={canWrite}
          confirming={confirming === 'rotate'}
          busy={busy}
          onAsk={() => setConfirming('rotate')}
          onCancel={() => setConfirming(null)}
          onRotate={() => act(async () => props.onIssued((await appsApi.rotateSecret(app.id)).clientSecret))}
        />
      )}

      <ConnectPanel connect={connect} secret={props.issued} />

      {canWrite && (
        <>
          <h2>{t.settingsTitle}</h2>
          {saved && (
            <p className="success-note" role="status">
              {t.saved}
            </p>
          )}
          <AppForm
            key={JSON.stringify(app)}
            app={app}
            onCancel={() => navigate('apps')}
            onSaved={(next) => {
              setApp(next);
              setSaved(true);
              if (next.clientSecret) props.onIssued(next.clientSecret);
            }}
          />

          {confirming === 'delete' ? (
            <Confirm
              question={t.deleteQuestion}
              confirm={t.deleteNow}
              cancel={t.cancel}
              busy={busy}
              onCancel={() => setConfirming(null)}
              onConfirm={() => act(async () => (await appsApi.remove(app.id), navigate('apps')))}
            />
          ) : (
            <button type="button" className="danger" onClick={() => setConfirming('delete')}>
              {t.delete}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Issuer, client id and a ready example for openid-client (a certified relying-party library). */
function ConnectPanel(props: { connect: Connect; secret: string | null }) {
  const t = useTexts(APPS_TEXTS);
  const c = props.connect;
  return (
    <div className="card">
      <h2>{t.connectTitle}</h2>
      <p className="muted">{t.connectIntro}</p>
      <CopyValue label={t.issuer} value={c.issuer} />
      <CopyValue label={t.clientId} value={c.clientId} />
      <CopyValue label={t.discovery} value={c.discoveryUrl} />
      <h3>{t.exampleTitle}</h3>
      <pre className="example" tabIndex={0} aria-label={t.exampleTitle}>
        {exampleOf(c)}
      </pre>
    </div>
  );
}

/** Sign-in with openid-client (Node.js), filled in with this app's values. */
function exampleOf(c: Connect): string {
  const insecure = c.issuer.startsWith('http://');
  // The app authenticates at the token endpoint as registered: HTTP Basic with its secret, or PKCE alone.
  const auth = c.hasSecret ? 'client.ClientSecretBasic(process.env.CLIENT_SECRET)' : 'client.None()';
  const args = [`new URL('${c.issuer}')`, `'${c.clientId}'`, 'undefined', auth];
  // openid-client refuses plain http unless told: only a development issuer is http.
  if (insecure) args.push('{ execute: [client.allowInsecureRequests] }');
  const head = [`import * as client from 'openid-client';`, '', `const config = await client.discovery(${args.join(', ')});`, ''];
  if (c.type === 'machine') return [...head, "const tokens = await client.clientCredentialsGrant(config, { resource: 'https://api.example.com' });"].join('\n');
  if (c.type === 'device')
    return [
      ...head,
      `const device = await client.initiateDeviceAuthorization(config, { scope: '${c.scopes.join(' ')}' });`,
      'console.log(`Open ${device.verification_uri} and enter ${device.user_code}`);',
      'const tokens = await client.pollDeviceAuthorizationGrant(config, device);',
    ].join('\n');
  return [
    ...head,
    '// 1. Send the person to sign in (keep code_verifier in their session).',
    'const code_verifier = client.randomPKCECodeVerifier();',
    'const code_challenge = await client.calculatePKCECodeChallenge(code_verifier);',
    'const url = client.buildAuthorizationUrl(config, {',
    `  redirect_uri: '${c.redirectUri ?? 'https://your.app/callback'}',`,
    `  scope: '${c.scopes.join(' ')}',`,
    "  code_challenge, code_challenge_method: 'S256',",
    '});',
    '',
    '// 2. On the redirect back: exchange the code for tokens.',
    'const tokens = await client.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: code_verifier });',
    'console.log(tokens.claims());',
  ].join('\n');
}
