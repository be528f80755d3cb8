import { describe, expect, it } from 'vitest';
import type { Series } from '../dicom/series';
import type { StudyRead, StudySeries } from './read-study';
import { folderMessages, phaseMessages, pickStudy } from './study-messages';

function series(
  study: string,
  uid: string,
  phase: StudySeries['assignment']['phase'],
  slices = 40,
  spacing = 3,
  frame = 'F1',
): StudySeries {
  return {
    series: {
      studyInstanceUid: study,
      seriesInstanceUid: uid,
      sliceSpacing: spacing,
      normal: [0, 0, 1],
      slices: Array.from({ length: slices }, () => ({ frameOfReferenceUid: frame })),
    } as unknown as Series,
    assignment: { phase, source: phase === 'unknown' ? 'none' : 'description' },
  };
}

const read = (s: StudySeries[], skipped: StudyRead['skipped'] = []): StudyRead => ({
  series: s,
  skipped,
  files: new Map(),
});

describe('messages about an opened folder', () => {
  it('says when nothing in the folder is DICOM, and counts skipped files by reason', () => {
    const skipped = [
      { fileName: 'a.txt', reason: 'not an image file' },
      { fileName: 'b', reason: 'not a DICOM file' },
      { fileName: 'c', reason: 'not a DICOM file' },
    ];
    expect(folderMessages(read([], skipped), 3)).toEqual([
      { level: 'error', text: 'No DICOM images in the 3 files opened.' },
      { level: 'info', text: '3 files skipped: 1 not an image file; 2 not a DICOM file.' },
    ]);
    expect(folderMessages(read([]), 0)[0]?.text).toBe('The folder is empty.');
  });

  it('warns about truncated files', () => {
    const m = folderMessages(
      read([series('S', 'a', 'PV')], [{ fileName: 'x', reason: 'truncated (the file ends early)' }]),
      2,
    );
    expect(m).toEqual([{ level: 'warning', text: '1 file skipped: 1 truncated (the file ends early).' }]);
  });

  it('warns about two studies in one folder and shows the one with more phases', () => {
    const r = read([
      series('A', 'a1', 'PV'),
      series('B', 'b1', 'NC'),
      series('B', 'b2', 'ART'),
      series('B', 'b3', 'unknown'),
    ]);
    expect(folderMessages(r, 4)).toEqual([
      { level: 'warning', text: 'This folder holds 2 studies; one is shown at a time (choose in the series list).' },
    ]);
    expect(pickStudy(r)).toBe('B');
  });

  it('names the transfer syntax of series whose pixels cannot be decoded, once per problem', () => {
    const problem = 'JPEG XL Lossless (1.2.840.10008.1.2.4.110): this build has no decoder for it';
    const r = read([
      { ...series('S', 'a', 'NC'), pixelProblem: problem },
      { ...series('S', 'b', 'ART'), pixelProblem: problem },
      series('S', 'c', 'PV'),
    ]);
    expect(folderMessages(r, 120)).toEqual([
      {
        level: 'info',
        text: `The pixels of 2 series cannot be decoded for classification: ${problem}. Their phase is read from the headers alone, and lesions on them cannot be classified.`,
      },
    ]);
  });
});

describe('messages about the phases shown', () => {
  it('is silent for four matching phases', () => {
    const s = ['NC', 'ART', 'PV', 'DL'] as const;
    expect(phaseMessages(Object.fromEntries(s.map((p) => [p, series('S', p, p)])))).toEqual([]);
  });

  it('names phases of different slice count or spacing', () => {
    const m = phaseMessages({
      NC: series('S', 'n', 'NC', 40, 3),
      ART: series('S', 'a', 'ART', 48, 2.5),
      PV: series('S', 'p', 'PV'),
    });
    expect(m[0]?.text).toBe(
      'The phases differ in slice count or spacing (NC 40 × 3.00 mm, ART 48 × 2.50 mm, PV 40 × 3.00 mm); scrolling matches them by patient position.',
    );
  });

  it('says which phases are missing and that classification needs NC, ART, PV', () => {
    expect(phaseMessages({ PV: series('S', 'p', 'PV') })).toEqual([
      {
        level: 'info',
        text: 'No NC, ART, DL series in this study. Classification needs NC, ART, PV; ROIs can still be drawn and exported.',
      },
    ]);
    expect(phaseMessages({})[0]).toEqual({ level: 'error', text: 'No CT series with a contrast phase in this study.' });
  });

  it('says which phases are stored with lossy compression, and in which syntax', () => {
    const inSyntax = (s: StudySeries, uid: string): StudySeries => ({
      ...s,
      series: { ...s.series, slices: s.series.slices.map((x) => ({ ...x, transferSyntaxUid: uid })) },
    });
    const m = phaseMessages({
      NC: inSyntax(series('S', 'n', 'NC'), '1.2.840.10008.1.2.4.51'),
      ART: inSyntax(series('S', 'a', 'ART'), '1.2.840.10008.1.2.4.80'),
      PV: inSyntax(series('S', 'p', 'PV'), '1.2.840.10008.1.2.4.51'),
      DL: inSyntax(series('S', 'd', 'DL'), '1.2.840.10008.1.2.1'),
    });
    expect(m).toEqual([
      {
        level: 'info',
        text: "NC, PV are stored with lossy compression (JPEG Extended (12-bit)): HU may differ from the scanner's, and the model was trained on uncompressed CT.",
      },
    ]);
  });

  it('warns when phases do not share a frame of reference', () => {
    const m = phaseMessages({ NC: series('S', 'n', 'NC', 40, 3, 'F1'), ART: series('S', 'a', 'ART', 40, 3, 'F2') });
    expect(m.some((x) => x.level === 'warning' && x.text.includes('frames of reference'))).toBe(true);
  });
});
