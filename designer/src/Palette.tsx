import type { NodeTypeInfo } from './api';
import { ICONS } from './StepNode';

const CATEGORY_NAMES: Record<string, string> = {
  identify: 'Identify',
  authenticate: 'Authenticate',
  profile: 'Profile & consent',
  logic: 'Logic',
  end: 'End',
};

export const DRAG_MIME = 'application/x-gerbang-step';

/** The step types, from the node registry; drag one onto the canvas. */
export function Palette({ types }: { types: NodeTypeInfo[] }) {
  const categories = [...new Set(types.map((t) => t.category))];
  return (
    <aside className="palette" aria-label="Steps">
      <h2>Steps</h2>
      {categories.map((c) => (
        <section key={c}>
          <h3>{CATEGORY_NAMES[c] ?? c}</h3>
          {types
            .filter((t) => t.category === c)
            .map((t) => (
              <div
                key={t.type}
                className="palette-item"
                draggable
                data-testid={`palette-${t.type}`}
                title={t.description}
                onDragStart={(e) => {
                  e.dataTransfer.setData(DRAG_MIME, t.type);
                  e.dataTransfer.effectAllowed = 'move';
                }}
              >
                <span className="step-icon">{ICONS[t.icon] ?? '•'}</span>
                <div>
                  <strong>{t.title}</strong>
                  <small>{t.description}</small>
                </div>
              </div>
            ))}
        </section>
      ))}
    </aside>
  );
}
