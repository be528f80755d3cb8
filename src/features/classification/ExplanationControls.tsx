import type { Phase } from '../../core/labels';
import type { ExplanationState } from './useExplanation';

interface Props {
  readonly enabled: boolean;
  readonly opacity: number;
  readonly state: ExplanationState;
  /** The model's input phases, in channel order (what `channelDrops` refers to). */
  readonly phases: readonly Phase[];
  readonly onEnabled: (enabled: boolean) => void;
  readonly onOpacity: (opacity: number) => void;
}

/** The heatmap switch and opacity, and what the explanation found (which phase mattered most). */
export function ExplanationControls({ enabled, opacity, state, phases, onEnabled, onOpacity }: Props) {
  return (
    <div className="explanation" data-testid="explanation-status" data-state={state.state}>
      <label>
        <input
          type="checkbox"
          data-testid="heatmap-toggle"
          checked={enabled}
          onChange={(event) => {
            onEnabled(event.target.checked);
          }}
        />{' '}
        Heatmap: what the decision rests on
      </label>
      <label>
        opacity{' '}
        <input
          type="range"
          data-testid="heatmap-opacity"
          min={0}
          max={1}
          step={0.05}
          value={opacity}
          disabled={!enabled}
          onChange={(event) => {
            onOpacity(Number(event.target.value));
          }}
        />
      </label>
      {state.state === 'running' && <p className="muted">explaining… (hiding parts of the patch, in the background)</p>}
      {state.state === 'error' && <p className="error">No explanation: {state.message}</p>}
      {state.state === 'done' && (
        <p className="muted" data-ms={state.ms.toFixed(0)} data-backend={state.backend}>
          Each phase shows its own map: a region hidden in that phase alone. Red: hiding it lowers the predicted class;
          blue: raises it. Hiding a whole phase lowers it by{' '}
          {phases.map((p, i) => `${p} ${(100 * (state.explanation.channelDrops[i] ?? 0)).toFixed(0)} %`).join(', ')}.{' '}
          {state.explanation.passes} passes in {(state.ms / 1000).toFixed(1)} s on {state.backend}.
        </p>
      )}
      {state.state === 'done' && <HeatmapLegend peak={state.explanation.peak} />}
    </div>
  );
}

/** The one colour scale of every phase's map, in points of the predicted class's probability. */
function HeatmapLegend({ peak }: { readonly peak: number }) {
  const points = (100 * peak).toFixed(peak < 0.01 ? 2 : 1);
  return (
    <div className="heatmap-legend" data-testid="heatmap-legend" data-peak={peak.toFixed(4)}>
      <span>hiding raises it {points} points</span>
      <span className="heatmap-scale" aria-hidden="true" />
      <span>lowers it {points} points</span>
    </div>
  );
}
