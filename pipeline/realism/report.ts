/** The side-by-side table of `npm run realism`: real CT values beside the phantoms' mean and range. */
import type { Phase } from '../../src/core/labels';
import { outsideBy, spread } from './compare';
import { TISSUES, type PhaseMeasures, type StudyMeasures, type Tissue } from './measures';

export interface RealColumn {
  readonly name: string;
  readonly measures: StudyMeasures;
}

export interface ReportInput {
  readonly real: readonly RealColumn[];
  readonly phantoms: readonly StudyMeasures[];
  readonly phases: readonly Phase[];
}

interface Row {
  readonly label: string;
  readonly digits: number;
  /** The row's values in one study and phase (several for lesions; none when not measured). */
  readonly values: (m: PhaseMeasures) => readonly number[];
}

const TISSUE_LABEL: Record<Tissue, string> = {
  liver: 'liver',
  spleen: 'spleen',
  aorta: 'aorta',
  'portal-vein': 'portal vein',
};

const some = (value: number | undefined): number[] => (value === undefined ? [] : [value]);

const ROWS: readonly Row[] = [
  ...TISSUES.flatMap((tissue): Row[] => [
    { label: `${TISSUE_LABEL[tissue]} HU`, digits: 1, values: (m) => some(m.tissues[tissue]?.mean) },
    { label: `${TISSUE_LABEL[tissue]} SD`, digits: 1, values: (m) => some(m.tissues[tissue]?.sd) },
  ]),
  { label: 'liver regional SD', digits: 1, values: (m) => some(m.noise?.regionalSd) },
  { label: 'noise SD (detrended)', digits: 1, values: (m) => some(m.noise?.sd) },
  { label: 'NPS peak (cycles/mm)', digits: 3, values: (m) => some(m.noise?.peakFrequency) },
  { label: 'NPS mean f (cycles/mm)', digits: 3, values: (m) => some(m.noise?.meanFrequency) },
  { label: 'NPS share >0.3 c/mm', digits: 2, values: (m) => some(m.noise?.highFrequencyShare) },
  { label: 'NPS fy/fx (streaks)', digits: 2, values: (m) => some(m.noise?.streakRatio) },
  { label: 'HCC - liver HU', digits: 1, values: (m) => m.hccContrast },
];

export const LEGEND: readonly string[] = [
  'HU, SD: real = mean over disc ROIs (pipeline/realism/real-rois.json) of each ROI mean / SD; phantom = mean / SD',
  '  over the organ voxels >= 2 mm inside it and clear of every later-painted part, per study.',
  'liver regional SD: SD of the mean HU of 20-mm liver squares (how much the parenchyma varies between places).',
  'noise SD: pooled residual SD of 20-mm liver squares after a least-squares plane fit (slow trends removed).',
  'NPS over the same squares: peak = radial bin (0.05 cycles/mm) of largest power below Nyquist; mean f =',
  '  power-weighted mean |f|; share > 0.3 = fraction of the power above 0.3 cycles/mm; fy/fx = power at',
  '  |fy|>|fx| over |fx|>|fy| (1 isotropic, >1 horizontal streaks).',
  'HCC - liver: real = central 30-mm disc of the HCC009 mass (approximate ROI) minus the liver ROIs; phantom =',
  '  each HCC lesion voxels deeper than a quarter of its smallest semi-axis, minus the liver voxels.',
  'phantoms: mean [min, max] over studies (over lesions for HCC); OUTSIDE: real minus nearest range end.',
];

const format = (value: number | undefined, digits: number, width: number): string =>
  (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits)).padStart(width);

const averageOf = (values: readonly number[]): number | undefined =>
  values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;

const LABEL_WIDTH = 24;
const REAL_WIDTH = 9;
const PHANTOM_WIDTH = 28;

/** The table, one block per phase; a row appears when any real study or phantom has a value. */
export function formatReport({ real, phantoms, phases }: ReportInput): string[] {
  const lines: string[] = [];
  let compared = 0;
  let outside = 0;
  for (const phase of phases) {
    lines.push(
      `${phase.padEnd(LABEL_WIDTH)}${real.map((r) => r.name.padStart(REAL_WIDTH)).join('')}` +
        `${'phantoms: mean [min, max]'.padStart(PHANTOM_WIDTH)}   real vs phantom range`,
    );
    for (const row of ROWS) {
      const realValues = real.map((column) => {
        const measures = column.measures[phase];
        return measures === undefined ? undefined : averageOf(row.values(measures));
      });
      const phantomValues = phantoms.flatMap((study) => {
        const measures = study[phase];
        return measures === undefined ? [] : row.values(measures);
      });
      const range = spread(phantomValues);
      if (range === null && realValues.every((v) => v === undefined)) continue;
      const phantomText =
        range === null
          ? '–'
          : `${format(range.mean, row.digits, 0)} [${format(range.min, row.digits, 0)}, ${format(range.max, row.digits, 0)}]`;
      const said = verdict(real, realValues, range, row.digits);
      if (said !== '') compared++;
      if (said.startsWith('OUTSIDE')) outside++;
      lines.push(
        `  ${row.label.padEnd(LABEL_WIDTH - 2)}${realValues.map((v) => format(v, row.digits, REAL_WIDTH)).join('')}` +
          `${phantomText.padStart(PHANTOM_WIDTH)}   ${said}`,
      );
    }
    lines.push('');
  }
  lines.push(`${outside} of the ${compared} rows with a real value fall outside the phantoms' range.`, '');
  return lines;
}

function verdict(
  real: readonly RealColumn[],
  realValues: readonly (number | undefined)[],
  range: ReturnType<typeof spread>,
  digits: number,
): string {
  if (realValues.every((v) => v === undefined)) return '';
  if (range === null) return 'no phantom value';
  const misses = realValues.flatMap((value, i) => {
    if (value === undefined || !Number.isFinite(value)) return [];
    const by = outsideBy(value, range);
    return by === 0 ? [] : [`${real[i]?.name ?? '?'} ${by > 0 ? '+' : ''}${by.toFixed(digits)}`];
  });
  return misses.length === 0 ? 'ok' : `OUTSIDE: ${misses.join(', ')}`;
}
