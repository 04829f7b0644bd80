import { useEffect, useRef, useState } from 'react';
import type { NodeTypeInfo } from './api';

export const DRAG_MIME = 'application/x-gerbang-step';

/** Whether a step type matches what was typed in the search: its name, description or group. */
const matches = (t: NodeTypeInfo, query: string) => {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${t.title} ${t.description} ${t.categoryTitle}`.toLowerCase();
  return words.every((w) => text.includes(w));
};

/**
 * The step types, from the node registry (its order, groups and glyphs). Searchable; each is a button:
 * Enter or a click adds it (or inserts it on the connection whose "+" was chosen), and it can also be
 * dragged onto the canvas.
 */
export function Palette(props: {
  types: NodeTypeInfo[];
  onAdd?: (type: string) => void;
  /** Set while a step is being inserted on a connection: the palette says where, and takes the focus. */
  inserting?: string | null;
  onCancelInsert?: () => void;
}) {
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.inserting) search.current?.focus();
  }, [props.inserting]);
  // While searching, steps whose name matches come first, in one list.
  const titleFirst = (t: NodeTypeInfo) => (t.title.toLowerCase().includes(query.trim().toLowerCase()) ? 0 : 1);
  const shown = props.types.filter((t) => matches(t, query)).sort((a, b) => (query.trim() ? titleFirst(a) - titleFirst(b) : 0));
  const categories: Array<[string, string]> = query.trim() ? [['found', 'Found']] : [...new Map(shown.map((t) => [t.category, t.categoryTitle])).entries()];
  return (
    <aside className="palette" aria-label="Steps">
      <h2>Steps</h2>
      {props.inserting && (
        <div className="inserting" role="status">
          <span>Choose the step to insert on {props.inserting}.</span>
          <button type="button" onClick={props.onCancelInsert}>
            Cancel
          </button>
        </div>
      )}
      <label className="palette-search">
        <span>Find a step</span>
        <input ref={search} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. code, consent, passkey" />
      </label>
      {shown.length === 0 && <p className="muted">No step matches “{query}”.</p>}
      {categories.map(([c, title]) => (
        <section key={c} aria-label={title}>
          <h3>{title}</h3>
          {shown
            .filter((t) => c === 'found' || t.category === c)
            .map((t) => (
              // The button is named by the step's name (Enter or a click adds it); its description follows it.
              <div key={t.type} className="palette-item">
                <button
                  type="button"
                  draggable
                  data-testid={`palette-${t.type}`}
                  aria-describedby={`palette-about-${t.type}`}
                  title={t.needs.length ? `${t.description}\nNeeds before it: ${t.needs.join(', ')}.` : t.description}
                  onClick={() => props.onAdd?.(t.type)}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_MIME, t.type);
                    e.dataTransfer.effectAllowed = 'move';
                  }}
                >
                  <span className="step-icon" aria-hidden="true">
                    {t.icon}
                  </span>
                  <strong>{t.title}</strong>
                </button>
                <small id={`palette-about-${t.type}`}>{t.description}</small>
              </div>
            ))}
        </section>
      ))}
    </aside>
  );
}
