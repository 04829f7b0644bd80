import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { api, type NodeTypeInfo } from '../api';
import { Editor } from '../Editor';
import { navigate } from '../console/route';
import { JourneyList } from './JourneyList';
import { InsightsView } from '../insights/InsightsView';

/**
 * The Journeys section: the list, the open journey's canvas (`#/journeys/<id>`, full screen), or its
 * funnel (`#/journeys/<id>/insights`).
 */
export function JourneysSection(props: { rest: string[] }) {
  const open = props.rest[0] ?? null;
  const [types, setTypes] = useState<NodeTypeInfo[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    if (open && !types.length) api.nodeTypes().then(setTypes, (e: Error) => setError(e.message));
  }, [open, types.length]);

  if (!open) return <JourneyList onOpen={(id) => navigate('journeys', id)} />;
  if (error) return <div className="loading">{error}</div>;
  if (!types.length) return <div className="loading">Loading…</div>;
  if (props.rest[1] === 'insights') return <InsightsView key={open} flowId={open} types={types} />;
  return (
    <ReactFlowProvider>
      <Editor key={open} flowId={open} types={types} onBack={() => navigate('journeys')} />
    </ReactFlowProvider>
  );
}
