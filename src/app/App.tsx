import { ViewportGrid } from '../features/viewer/ViewportGrid';

/** Composition root: the only place features meet. */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Liver Lesion Viewer</h1>
        <p className="disclaimer" data-testid="disclaimer">
          Research demo, not for clinical use. Everything runs in this browser; no image leaves this computer.
        </p>
      </header>
      <aside className="side-panel">
        <section aria-labelledby="series-heading">
          <h2 id="series-heading">Series</h2>
          <p className="empty">No study open.</p>
        </section>
        <section aria-labelledby="lesions-heading">
          <h2 id="lesions-heading">Lesions</h2>
          <p className="empty">No lesions.</p>
        </section>
      </aside>
      <main className="viewer">
        <ViewportGrid />
      </main>
    </div>
  );
}
