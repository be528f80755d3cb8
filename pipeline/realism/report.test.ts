import { describe, expect, it } from 'vitest';
import type { PhaseMeasures } from './measures';
import { formatReport } from './report';

const liver = (mean: number, sd: number, hcc: number[] = []): PhaseMeasures => ({
  tissues: { liver: { mean, sd } },
  noise: null,
  hccContrast: hcc,
});

describe('formatReport', () => {
  const lines = formatReport({
    real: [{ name: 'REAL1', measures: { PV: liver(140, 15, [-40]), NC: liver(58, 10) } }],
    phantoms: [
      { PV: liver(100, 14, [-20, -5]), NC: liver(55, 12) },
      { PV: liver(120, 18, [-30]), NC: liver(60, 9) },
    ],
    phases: ['NC', 'PV'],
  });
  const row = (phase: string, label: string): string => {
    const start = lines.findIndex((l) => l.startsWith(phase));
    return lines.slice(start).find((l) => l.trim().startsWith(label)) ?? '';
  };

  it('gives the phantom mean and range, and says whether the real value is inside', () => {
    expect(row('NC', 'liver HU')).toMatch(/58\.0\s+57\.5 \[55\.0, 60\.0\]\s+ok$/);
    expect(row('NC', 'liver SD')).toMatch(/10\.0\s+10\.5 \[9\.0, 12\.0\]\s+ok$/);
  });

  it('flags a real value outside the range with its signed distance to the nearest end', () => {
    expect(row('PV', 'liver HU')).toMatch(/140\.0\s+110\.0 \[100\.0, 120\.0\]\s+OUTSIDE: REAL1 \+20\.0$/);
    // HCC contrast: the phantom range runs over lesions (-30, -20, -5).
    expect(row('PV', 'HCC - liver HU')).toMatch(/-40\.0\s+-18\.3 \[-30\.0, -5\.0\]\s+OUTSIDE: REAL1 -10\.0$/);
  });

  it('leaves out rows nobody measured', () => {
    expect(lines.some((l) => l.includes('spleen'))).toBe(false);
  });
});
