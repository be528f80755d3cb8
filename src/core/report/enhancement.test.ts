import { describe, expect, it } from 'vitest';
import { enhancementChart, enhancementRows } from './enhancement';

const rows = enhancementRows([
  { phase: 'NC', lesionHu: { mean: 45 }, liverHu: { median: 55 } },
  { phase: 'ART', lesionHu: { mean: 112 }, liverHu: { median: 70 } },
  { phase: 'PV', lesionHu: { mean: 88 }, liverHu: { median: 110 } },
  { phase: 'DL', lesionHu: null, liverHu: { median: 90 } },
]);
const box = { width: 200, height: 100, left: 30, right: 10, top: 10, bottom: 20 };

describe('enhancement curve', () => {
  it('gives lesion, liver and their difference per phase (arterial enhancement, then washout)', () => {
    expect(rows.map((r) => r.difference)).toEqual([-10, 42, -22, null]);
    expect(rows[3]).toEqual({ phase: 'DL', lesion: null, liver: 90, difference: null });
  });

  it('places the phases left to right and higher HU higher up, with ticks covering every value', () => {
    const chart = enhancementChart(rows, box);
    if (chart === null) throw new Error('no chart');
    expect(chart.phases.map((p) => p.phase)).toEqual(['NC', 'ART', 'PV', 'DL']);
    expect(chart.phases.map((p) => p.x)).toEqual([50, 90, 130, 170]);
    const lowest = chart.ticks[0];
    const highest = chart.ticks.at(-1);
    expect(lowest?.value).toBeLessThanOrEqual(45);
    expect(highest?.value).toBeGreaterThanOrEqual(112);
    expect(lowest?.y).toBe(80);
    expect(highest?.y).toBe(10);
    // The lesion is missing on DL: three points, the arterial one the highest on the chart.
    expect(chart.lesion.map((p) => p.phase)).toEqual(['NC', 'ART', 'PV']);
    const [nc, art] = chart.lesion;
    expect(art?.y).toBeLessThan(nc?.y ?? 0);
    expect(chart.liver).toHaveLength(4);
  });

  it('draws nothing without a single value', () => {
    expect(enhancementChart(enhancementRows([{ phase: 'NC', lesionHu: null, liverHu: null }]), box)).toBeNull();
  });
});
