import { useEffect, useState } from 'react';
import { api, type FlowSummary } from '../api';

/** The journeys: each opens in the editor; a new one is created by its id. */
export function JourneyList(props: { onOpen: (id: string) => void }) {
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [error, setError] = useState('');
  const [newId, setNewId] = useState('');

  useEffect(() => {
    api
      .flows()
      .then(setFlows)
      .catch((e: Error) => setError(e.message));
  }, []);

  if (error) return <div className="loading">{error}</div>;
  return (
    <section className="flows">
      <h1>Journeys</h1>
      <ul>
        {flows.map((f) => (
          <li key={f.id}>
            <button type="button" className="flow-card" onClick={() => props.onOpen(f.id)} data-testid={`open-${f.id}`}>
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
            props.onOpen(newId);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <input value={newId} onChange={(e) => setNewId(e.target.value.toLowerCase())} placeholder="new-journey-id" aria-label="New journey id" pattern="[a-z0-9][a-z0-9-]*" required />
        <button type="submit">New journey</button>
      </form>
    </section>
  );
}
