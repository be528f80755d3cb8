/**
 * Bad input whose handling is pure logic (grouping, geometry, messages): each case asserts the
 * text the user sees, in the series list (`issues`) or above the viewports (`folderMessages`,
 * `phaseMessages`). File-level cases (damaged bytes, DICOMDIR, transfer syntaxes) are in
 * pipeline/bad-input.test.ts, with real files.
 */
import { describe, expect, it } from 'vitest';
import { cross, patientMm, type Vec3 } from '../geometry';
import type { Phase } from '../labels';
import type { StudyRead, StudySeries } from '../study/read-study';
import { folderMessages, phaseMessages } from '../study/study-messages';
import { describePlane, groupSeries, type Series } from './series';
import { fakeSlice } from './test-dicom';

const AXIAL: readonly [Vec3, Vec3] = [
  [1, 0, 0],
  [0, 1, 0],
];
const SAGITTAL: readonly [Vec3, Vec3] = [
  [0, 1, 0],
  [0, 0, -1],
];
const CORONAL: readonly [Vec3, Vec3] = [
  [1, 0, 0],
  [0, 0, -1],
];
/** Axial, tilted by `degrees` about the patient's left-right axis (a gantry tilt). */
const tilted = (degrees: number): readonly [Vec3, Vec3] => {
  const t = (degrees * Math.PI) / 180;
  return [
    [1, 0, 0],
    [0, Math.cos(t), Math.sin(t)],
  ];
};

interface SeriesSpec {
  readonly study?: string;
  readonly uid: string;
  readonly description?: string;
  /** Positions along the slice normal, mm. */
  readonly at: readonly number[];
  /** null: the files have no ImageOrientationPatient (or one the parser refused). */
  readonly orientation?: readonly [Vec3, Vec3] | null;
  readonly frames?: number;
}

/** The slices of one series, placed along the normal of its orientation. */
function slices({ study = '1.1', uid, description = '', at, orientation = AXIAL, frames = 1 }: SeriesSpec) {
  const [r, c] = orientation ?? AXIAL;
  const n = cross(r, c);
  return at.map((d, k) =>
    fakeSlice({
      fileName: `${uid}/IM${k}`,
      sopInstanceUid: `${uid}.${k}`,
      studyInstanceUid: study,
      seriesInstanceUid: uid,
      frameOfReferenceUid: `${study}.9`,
      seriesNumber: undefined,
      seriesDescription: description,
      instanceNumber: k + 1,
      imagePositionPatient: patientMm(10 + d * n[0], 20 + d * n[1], 30 + d * n[2]),
      imageOrientationPatient: orientation ?? undefined,
      numberOfFrames: frames,
      pixelData: { offset: 0, length: 512 * 512 * 2 * frames },
    }),
  );
}

const EVEN = [0, 2.5, 5, 7.5, 10, 12.5];

function oneSeries(spec: SeriesSpec): Series {
  const [series] = groupSeries(slices(spec));
  if (series === undefined) throw new Error('no series');
  return series;
}

/** A study as the page holds it: each series with the phase it was given. */
function study(phases: Partial<Record<Phase, SeriesSpec>>): Partial<Record<Phase, StudySeries>> {
  const byPhase: Partial<Record<Phase, StudySeries>> = {};
  for (const [phase, spec] of Object.entries(phases) as [Phase, SeriesSpec][]) {
    byPhase[phase] = { series: oneSeries(spec), assignment: { phase, source: 'description' } };
  }
  return byPhase;
}

const FOUR_PHASES = (orientations: Partial<Record<Phase, readonly [Vec3, Vec3]>> = {}) =>
  study(
    Object.fromEntries(
      (['NC', 'ART', 'PV', 'DL'] as const).map((p) => [p, { uid: p, at: EVEN, orientation: orientations[p] ?? AXIAL }]),
    ),
  );

describe('bad input in one series: what the series list says', () => {
  it('a series with duplicate slices keeps one of each and says how many it ignored', () => {
    const series = oneSeries({ uid: 'dup', at: [0, 2.5, 2.5, 5, 7.5, 7.5, 7.5, 10] });
    expect(series.slices).toHaveLength(5);
    expect(series.issues).toEqual(['3 duplicate slices at the same position (ignored)']);
  });

  it('a series with missing slices says its spacing is uneven', () => {
    const series = oneSeries({ uid: 'gap', at: [0, 2.5, 5, 12.5, 15, 17.5] });
    expect(series.sliceSpacing).toBe(2.5);
    expect(series.issues).toEqual(['uneven slice spacing: 1 gap differs from the usual 2.50 mm (missing slices?)']);
    expect(oneSeries({ uid: 'gaps', at: [0, 2.5, 7.5, 10, 15, 17.5] }).issues).toEqual([
      'uneven slice spacing: 2 gaps differ from the usual 2.50 mm (missing slices?)',
    ]);
  });

  it.each([
    ['sagittal', SAGITTAL, 'sagittal slices, not axial'],
    ['coronal', CORONAL, 'coronal slices, not axial'],
    ['tilted by 20°', tilted(20), 'slices tilted 20° from axial'],
  ])('a %s acquisition says classification expects axial slices', (_, orientation, start) => {
    const series = oneSeries({ uid: 'plane', at: EVEN, orientation });
    expect(series.sliceSpacing).toBeCloseTo(2.5, 9);
    expect(series.issues).toEqual([
      `${start}: lesion classification expects axial slices and may be wrong on this series`,
    ]);
  });

  it('a small gantry tilt is still axial for the classifier, and says nothing', () => {
    expect(oneSeries({ uid: 'tilt', at: EVEN, orientation: tilted(4) }).issues).toEqual([]);
    expect(describePlane([0, Math.sin(0.004), Math.cos(0.004)])).toBe('axial');
  });

  it('slices without a usable orientation are ordered by InstanceNumber, and the phase says it cannot be shown', () => {
    const series = oneSeries({ uid: 'flat', at: EVEN, orientation: null });
    expect(series.normal).toBeUndefined();
    expect(series.issues).toEqual(['slices without position or orientation: ordered by InstanceNumber']);
    const byPhase = FOUR_PHASES();
    byPhase.PV = { series, assignment: { phase: 'PV', source: 'description' } };
    expect(phaseMessages(byPhase)).toContainEqual({
      level: 'warning',
      text: 'The PV series has no usable slice positions or orientation: it cannot be shown.',
    });
  });

  it('a degenerate orientation (parallel row and column) gives no normal rather than NaN', () => {
    const series = oneSeries({
      uid: 'parallel',
      at: EVEN,
      orientation: [
        [1, 0, 0],
        [1, 0, 0],
      ],
    });
    expect(series.normal).toBeUndefined();
    expect(series.sliceSpacing).toBeUndefined();
    expect(series.issues).toEqual(['slices without position or orientation: ordered by InstanceNumber']);
  });
});

describe('bad input across phases: what the page says above the viewports', () => {
  it('says nothing when all four phases are axial', () => {
    expect(phaseMessages(FOUR_PHASES())).toEqual([]);
  });

  it('warns when one phase is sagittal while the others are axial', () => {
    expect(phaseMessages(FOUR_PHASES({ ART: SAGITTAL }))).toEqual([
      {
        level: 'warning',
        text:
          'The phases are not cut in the same plane (NC axial, ART sagittal, PV axial, DL axial): scrolling and ROI ' +
          'transfer between phases assume parallel slices, so check each ROI on every phase.',
      },
    ]);
  });

  it('warns about a phase acquired with a gantry tilt, even a small one', () => {
    const texts = phaseMessages(FOUR_PHASES({ PV: tilted(3) })).map((m) => m.text);
    expect(texts).toEqual([
      'The phases are not cut in the same plane (NC axial, ART axial, PV axial (tilted 3°), DL axial): scrolling and ' +
        'ROI transfer between phases assume parallel slices, so check each ROI on every phase.',
    ]);
  });

  it('says nothing about planes when every phase is sagittal (each series says it is not axial)', () => {
    const byPhase = FOUR_PHASES({ NC: SAGITTAL, ART: SAGITTAL, PV: SAGITTAL, DL: SAGITTAL });
    expect(phaseMessages(byPhase)).toEqual([]);
    expect(byPhase.NC?.series.issues[0]).toMatch(/^sagittal slices, not axial/);
  });

  it('warns when a folder mixes two studies', () => {
    const series = groupSeries([
      ...slices({ study: '1.1', uid: 'a', at: EVEN }),
      ...slices({ study: '2.2', uid: 'b', at: EVEN }),
    ]);
    const read: StudyRead = {
      series: series.map((s) => ({ series: s, assignment: { phase: 'PV', source: 'description' } })),
      skipped: [],
      files: new Map(),
    };
    expect(folderMessages(read, 12)).toEqual([
      { level: 'warning', text: 'This folder holds 2 studies; one is shown at a time (choose in the series list).' },
    ]);
  });
});
