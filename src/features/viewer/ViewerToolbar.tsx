import { useState, type KeyboardEvent } from 'react';
import type { PrimaryTool } from '../../adapters/cornerstone';
import { WINDOW_PRESETS, parseWindow, type DisplayWindow, type WindowPreset } from '../../core/viewer/window';

interface Props {
  readonly tool: PrimaryTool;
  readonly window: DisplayWindow;
  readonly onTool: (tool: PrimaryTool) => void;
  readonly onWindow: (window: DisplayWindow) => void;
}

const TOOLS: readonly [PrimaryTool, string][] = [
  ['windowLevel', 'Window/level'],
  ['ellipse', 'Ellipse ROI'],
  ['rectangle', 'Rectangle ROI'],
];

/** Left-button tool, window presets and a typed window; wheel scrolls, right zooms, middle pans. */
export function ViewerToolbar({ tool, window, onTool, onWindow }: Props) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Viewer tools">
      {TOOLS.map(([name, label]) => (
        <button
          key={name}
          type="button"
          aria-pressed={tool === name}
          data-tool={name}
          onClick={() => {
            onTool(name);
          }}
        >
          {label}
        </button>
      ))}
      <span className="separator" />
      {(Object.keys(WINDOW_PRESETS) as WindowPreset[]).map((preset) => (
        <button
          key={preset}
          type="button"
          data-preset={preset}
          onClick={() => {
            onWindow(WINDOW_PRESETS[preset]);
          }}
        >
          {preset}
        </button>
      ))}
      {/* Keyed on the window so a drag with the mouse refills the fields. */}
      <WindowFields key={`${String(window.width)}/${String(window.center)}`} window={window} onWindow={onWindow} />
      <span className="hint">wheel: scroll · right drag: zoom · middle drag: pan</span>
    </div>
  );
}

function WindowFields({ window, onWindow }: { window: DisplayWindow; onWindow: (window: DisplayWindow) => void }) {
  const [width, setWidth] = useState(String(Math.round(window.width)));
  const [center, setCenter] = useState(String(Math.round(window.center)));
  const apply = () => {
    const typed = parseWindow(width, center);
    if (typed !== null) onWindow(typed);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') apply();
  };
  const field = (label: string, name: string, value: string, set: (value: string) => void) => (
    <label>
      {label}{' '}
      <input
        aria-label={name}
        size={5}
        value={value}
        onChange={(e) => {
          set(e.target.value);
        }}
        onBlur={apply}
        onKeyDown={onKey}
      />
    </label>
  );
  return (
    <>
      {field('W', 'Window width', width, setWidth)}
      {field('L', 'Window level', center, setCenter)}
    </>
  );
}
