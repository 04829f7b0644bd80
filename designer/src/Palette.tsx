import type { NodeTypeInfo } from './api';

export const DRAG_MIME = 'application/x-gerbang-step';

/** The step types, from the node registry (its order, groups and glyphs); drag one onto the canvas. */
export function Palette({ types }: { types: NodeTypeInfo[] }) {
  const categories = [...new Map(types.map((t) => [t.category, t.categoryTitle])).entries()];
  return (
    <aside className="palette" aria-label="Steps">
      <h2>Steps</h2>
      {categories.map(([c, title]) => (
        <section key={c}>
          <h3>{title}</h3>
          {types
            .filter((t) => t.category === c)
            .map((t) => (
              <div
                key={t.type}
                className="palette-item"
                draggable
                data-testid={`palette-${t.type}`}
                title={t.needs.length ? `${t.description}\nNeeds before it: ${t.needs.join(', ')}.` : t.description}
                onDragStart={(e) => {
                  e.dataTransfer.setData(DRAG_MIME, t.type);
                  e.dataTransfer.effectAllowed = 'move';
                }}
              >
                <span className="step-icon">{t.icon}</span>
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
