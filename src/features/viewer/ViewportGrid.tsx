import { PHASES } from '../../core/labels';

/** One pane per contrast phase, 2×2; each pane is where that phase's viewport will render. */
export function ViewportGrid() {
  return (
    <div className="viewport-grid">
      {PHASES.map((phase) => (
        <section key={phase} className="viewport" data-testid={`viewport-${phase}`} aria-label={`${phase} phase`}>
          <span className="viewport-label">{phase}</span>
          <span className="viewport-empty">No series</span>
        </section>
      ))}
    </div>
  );
}
