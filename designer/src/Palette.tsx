import { useEffect, useRef, useState } from 'react';
import type { NodeTypeInfo } from './api';
import { fill, useTexts } from './console/i18n';

const TEXTS = {
  en: {
    steps: 'Steps',
    chooseToInsert: 'Choose the step to insert on {where}.',
    cancel: 'Cancel',
    find: 'Find a step',
    findExample: 'e.g. code, consent, passkey',
    noMatch: 'No step matches “{query}”.',
    found: 'Found',
    needs: 'Needs before it: {needs}.',
  },
  id: {
    steps: 'Langkah',
    chooseToInsert: 'Pilih langkah yang akan disisipkan pada {where}.',
    cancel: 'Batal',
    find: 'Cari langkah',
    findExample: 'mis. kode, persetujuan, passkey',
    noMatch: 'Tidak ada langkah yang cocok dengan “{query}”.',
    found: 'Ditemukan',
    needs: 'Memerlukan sebelumnya: {needs}.',
  },
};

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
  const t = useTexts(TEXTS);
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.inserting) search.current?.focus();
  }, [props.inserting]);
  // While searching, steps whose name matches come first, in one list.
  const titleFirst = (type: NodeTypeInfo) => (type.title.toLowerCase().includes(query.trim().toLowerCase()) ? 0 : 1);
  const shown = props.types.filter((type) => matches(type, query)).sort((a, b) => (query.trim() ? titleFirst(a) - titleFirst(b) : 0));
  const categories: Array<[string, string]> = query.trim() ? [['found', t.found]] : [...new Map(shown.map((type) => [type.category, type.categoryTitle])).entries()];
  return (
    <aside className="palette" aria-label={t.steps}>
      <h2>{t.steps}</h2>
      {props.inserting && (
        <div className="inserting" role="status">
          <span>{fill(t.chooseToInsert, { where: props.inserting })}</span>
          <button type="button" onClick={props.onCancelInsert}>
            {t.cancel}
          </button>
        </div>
      )}
      <label className="palette-search">
        <span>{t.find}</span>
        <input ref={search} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t.findExample} />
      </label>
      {shown.length === 0 && <p className="muted">{fill(t.noMatch, { query })}</p>}
      {categories.map(([c, title]) => (
        <section key={c} aria-label={title}>
          <h3>{title}</h3>
          {shown
            .filter((type) => c === 'found' || type.category === c)
            .map((type) => (
              // The button is named by the step's name (Enter or a click adds it); its description follows it.
              <div key={type.type} className="palette-item">
                <button
                  type="button"
                  draggable
                  data-testid={`palette-${type.type}`}
                  aria-describedby={`palette-about-${type.type}`}
                  title={type.needs.length ? `${type.description}\n${fill(t.needs, { needs: type.needs.join(', ') })}` : type.description}
                  onClick={() => props.onAdd?.(type.type)}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_MIME, type.type);
                    e.dataTransfer.effectAllowed = 'move';
                  }}
                >
                  <span className="step-icon" aria-hidden="true">
                    {type.icon}
                  </span>
                  <strong>{type.title}</strong>
                </button>
                <small id={`palette-about-${type.type}`}>{type.description}</small>
              </div>
            ))}
        </section>
      ))}
    </aside>
  );
}
