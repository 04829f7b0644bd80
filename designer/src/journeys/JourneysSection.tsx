import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { api, type NodeTypeInfo } from '../api';
import { Editor } from '../Editor';
import { navigate } from '../console/route';
import { useLang, useTexts } from '../console/i18n';
import { JourneyList } from './JourneyList';
import { InsightsView } from '../insights/InsightsView';

/**
 * The Journeys section: the list, the open journey's canvas (`#/journeys/<id>`, full screen), or its
 * funnel (`#/journeys/<id>/insights`).
 */
const TEXTS = { en: { loading: 'Loading…' }, id: { loading: 'Memuat…' } };

export function JourneysSection(props: { rest: string[] }) {
  const open = props.rest[0] ?? null;
  const lang = useLang();
  const t = useTexts(TEXTS);
  // The step types with their texts in the console's language (fetched again if the language changes).
  const [typed, setTyped] = useState<{ lang: string; types: NodeTypeInfo[] }>({ lang, types: [] });
  const types = typed.lang === lang ? typed.types : [];
  const [error, setError] = useState('');

  useEffect(() => {
    if (open && !types.length) api.nodeTypes(lang).then((list) => setTyped({ lang, types: list }), (e: Error) => setError(e.message));
  }, [open, types.length, lang]);

  if (!open) return <JourneyList onOpen={(id) => navigate('journeys', id)} />;
  if (error) return <div className="loading">{error}</div>;
  if (!types.length) return <div className="loading">{t.loading}</div>;
  if (props.rest[1] === 'insights') return <InsightsView key={open} flowId={open} types={types} />;
  return (
    <ReactFlowProvider>
      <Editor key={open} flowId={open} types={types} onBack={() => navigate('journeys')} />
    </ReactFlowProvider>
  );
}
