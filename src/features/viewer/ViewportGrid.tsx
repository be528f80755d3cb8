import type { ReactNode } from 'react';
import { PHASES, type Phase } from '../../core/labels';
import type { CursorReadout } from '../../adapters/cornerstone';
import type { ViewState } from './useViewer';

interface Props {
  /** Phases with a series to show; the grid shows only these (all four, empty, before a study). */
  readonly phases: readonly Phase[];
  readonly slices: Partial<Record<Phase, { index: number; count: number; positionMm: number | undefined }>>;
  readonly views: ViewState;
  readonly cursor: CursorReadout | null;
  readonly register: (phase: Phase, element: HTMLDivElement | null) => void;
  /** Drawn over a phase's image (the app adds the explanation heatmap). */
  readonly overlay?: (phase: Phase) => ReactNode;
}

/** One pane per phase; each pane's inner element is where Cornerstone renders that phase. */
export function ViewportGrid({ phases, slices, views, cursor, register, overlay }: Props) {
  const shown = phases.length > 0 ? phases : PHASES;
  return (
    <div className={`viewport-grid count-${String(shown.length)}`}>
      {shown.map((phase) => {
        const slice = slices[phase];
        const here = cursor?.phase === phase ? cursor : null;
        return (
          <section key={phase} className="viewport" aria-label={`${phase} phase`}>
            <div
              className="viewport-element"
              data-testid={`viewport-${phase}`}
              data-slice-index={slice?.index}
              data-zoom-mm={views[phase]?.halfHeightMm.toFixed(2)}
              data-view-center={views[phase]?.center.map((v) => v.toFixed(1)).join(',')}
              ref={(element) => {
                register(phase, element);
              }}
              onContextMenu={(event) => {
                event.preventDefault();
              }}
            />
            {overlay?.(phase)}
            <span className="viewport-label">{phase}</span>
            {phases.length === 0 && <span className="viewport-empty">No series</span>}
            {slice !== undefined && (
              <span className="viewport-slice">
                slice {slice.index + 1}/{slice.count}
                {slice.positionMm !== undefined && ` · ${slice.positionMm.toFixed(1)} mm`}
              </span>
            )}
            {here !== null && (
              <span
                className="viewport-cursor"
                data-testid={`cursor-${phase}`}
                data-point={here.point.join(',')}
                data-hu={here.hu ?? ''}
                data-slice-index={here.sliceIndex}
              >
                ({here.point.map((v) => v.toFixed(1)).join(', ')}) mm ·{' '}
                {here.hu === null ? '—' : `${Math.round(here.hu)} HU`}
              </span>
            )}
          </section>
        );
      })}
    </div>
  );
}
