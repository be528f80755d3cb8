import { describe, expect, it } from 'vitest';
import { enhancementChart, enhancementRows, missingLiverReference } from './enhancement';

const rows = enhancementRows([
  { phase: 'NC', lesionHu: { mean: 45, sd: 10 }, liverHu: { median: 55 } },
  { phase: 'ART', lesionHu: { mean: 112, sd: 30 }, liverHu: { median: 70 } },
  { phase: 'PV', lesionHu: { mean: 88, sd: 10 }, liverHu: { median: 110 } },
  { phase: 'DL', lesionHu: null, liverHu: { median: 90 } },
]);
const area = { left: 30, right: 190, top: 10, bottom: 80 };

describe('enhancement curve', () => {
  it('gives lesion, liver and their difference per phase (arterial enhancement, then washout)', () => {
    expect(rows.map((r) => r.difference)).toEqual([-10, 42, -22, null]);
    expect(rows[3]).toEqual({ phase: 'DL', lesion: null, lesionSd: null, liver: 90, difference: null });
  });

  it('names the phases read without a reliable liver reference, and only those', () => {
    expect(missingLiverReference(rows)).toBeNull();
    const without = enhancementRows([
      { phase: 'NC', lesionHu: { mean: 45, sd: 10 }, liverHu: null },
      { phase: 'ART', lesionHu: { mean: 112, sd: 30 }, liverHu: { median: 70 } },
      { phase: 'PV', lesionHu: { mean: 88, sd: 10 }, liverHu: null },
      { phase: 'DL', lesionHu: null, liverHu: null },
    ]);
    expect(missingLiverReference(without)).toBe(
      'No reliable liver reference on NC, PV: too little liver connected to the ROI around it.',
    );
  });

  it('places the phases left to right and higher HU higher up, with ticks covering every value', () => {
    const chart = enhancementChart(rows, area);
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
    expect(chart.liver.map((p) => p.slot)).toEqual([0, 1, 2, 3]);
    expect(nc?.spread).toBeNull();
  });

  it('with the spread, covers mean ± SD on the axis and gives each whisker', () => {
    const chart = enhancementChart(rows, area, { spread: true });
    if (chart === null) throw new Error('no chart');
    expect(chart.ticks.at(-1)?.value).toBeGreaterThanOrEqual(142);
    expect(chart.ticks[0]?.value).toBeLessThanOrEqual(35);
    const art = chart.lesion[1];
    expect(art?.spread?.high).toBeLessThan(art?.y ?? 0);
    expect(art?.spread?.low).toBeGreaterThan(art?.y ?? 0);
  });

  it('draws nothing without a single value', () => {
    expect(enhancementChart(enhancementRows([{ phase: 'NC', lesionHu: null, liverHu: null }]), area)).toBeNull();
  });
});
