import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { api, type FlowSummary, type NodeTypeInfo } from './api';
import { Editor } from './Editor';

/** The designer: a list of flows, and the canvas of the open one. */
export function App() {
  const [me, setMe] = useState<string | null>(null);
  const [types, setTypes] = useState<NodeTypeInfo[]>([]);
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [open, setOpen] = useState<string | null>(() => new URLSearchParams(location.hash.slice(1)).get('flow'));
  const [error, setError] = useState('');
  const [newId, setNewId] = useState('');

  useEffect(() => {
    Promise.all([api.me(), api.nodeTypes(), api.flows()])
      .then(([m, t, f]) => (setMe(m.email ?? m.id), setTypes(t), setFlows(f)))
      .catch((e: Error) => setError(e.message));
  }, [open]);

  useEffect(() => {
    location.hash = open ? `flow=${open}` : '';
  }, [open]);

  if (error) return <div className="loading">{error}</div>;
  if (!me) return <div className="loading">Loading…</div>;
  if (open && types.length)
    return (
      <ReactFlowProvider>
        <Editor flowId={open} types={types} onBack={() => setOpen(null)} />
      </ReactFlowProvider>
    );
  return (
    <div className="home">
      <header className="toolbar">
        <strong>Gerbang designer</strong>
        <span className="spacer" />
        <span className="muted">{me}</span>
      </header>
      <main className="flows">
        <h1>Journeys</h1>
        <ul>
          {flows.map((f) => (
            <li key={f.id}>
              <button type="button" className="flow-card" onClick={() => setOpen(f.id)} data-testid={`open-${f.id}`}>
                <strong>{f.name}</strong>
                <small>{f.activeVersion ? `Live: version ${f.activeVersion}` : 'Not published'}</small>
              </button>
            </li>
          ))}
        </ul>
        <form
          className="hstack"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await api.createFlow(newId, newId);
              setOpen(newId);
            } catch (err) {
              setError((err as Error).message);
            }
          }}
        >
          <input value={newId} onChange={(e) => setNewId(e.target.value.toLowerCase())} placeholder="new-journey-id" pattern="[a-z0-9][a-z0-9-]*" required />
          <button type="submit">New journey</button>
        </form>
      </main>
    </div>
  );
}
