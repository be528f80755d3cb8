/** A complete finding for the export tests: four phases, as the demo study gives them. */
import { DISCLAIMER, FINDING_FORMAT, FINDING_VERSION, type Finding, type FindingPhase } from './finding';
import type { Phase } from '../labels';

const ROW: [number, number, number] = [1, 0, 0];
const COLUMN: [number, number, number] = [0, 1, 0];

function phase(name: Phase, index: number, lesionMean: number, liverMedian: number): FindingPhase {
  return {
    phase: name,
    seriesInstanceUid: `1.2.826.0.1.3680043.8.498.1.${String(index + 2)}`,
    seriesDescription: `${name} 2.5mm`,
    roi: {
      shape: 'ellipse',
      centerMm: [-60.5 + index, 20.25, -101.5],
      halfWidthMm: 14.5,
      halfHeightMm: 12,
      rowDirection: ROW,
      columnDirection: COLUMN,
      origin: index === 2 ? 'drawn' : 'aligned',
    },
    keyImage: {
      sopInstanceUid: `1.2.826.0.1.3680043.8.498.2.${String(index + 2)}.24`,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      instanceNumber: 25,
      sliceIndex: 24,
      rows: 512,
      columns: 512,
      outline: {
        graphicType: 'ELLIPSE',
        points: [
          [180.5, 300.5],
          [220.5, 300.5],
          [200.5, 284],
          [200.5, 317],
        ],
      },
    },
    lesionHu: { count: 700, mean: lesionMean, sd: 12.5, min: lesionMean - 40, max: lesionMean + 41 },
    liverHu: { count: 900, median: liverMedian, innerMm: 17.4, outerMm: 29 },
  };
}

export function testFinding(): Finding {
  return {
    format: FINDING_FORMAT,
    formatVersion: FINDING_VERSION,
    createdAt: '2026-12-03T09:15:00.000Z',
    app: { name: 'Liver Lesion Viewer', version: '0.1.0' },
    studyInstanceUid: '1.2.826.0.1.3680043.8.498.1.1',
    patientStudy: {
      patientName: 'PHANTOM^DEMO',
      patientId: 'DEMO-0001',
      patientBirthDate: '',
      patientSex: 'O',
      studyDate: '20261127',
      studyTime: '101500',
      studyId: '1',
      accessionNumber: '',
      referringPhysicianName: '',
      studyDescription: 'Liver multiphase phantom',
    },
    lesion: {
      id: 'L3',
      userLabel: 'HCC',
      sourcePhase: 'PV',
      size: { longMm: 24, shortMm: 17, method: 'boundary', phase: 'PV' },
    },
    classification: {
      classes: ['CYST', 'FNH', 'HCC', 'HEM', 'METS'],
      probabilities: [0.01, 0.05, 0.86, 0.03, 0.05],
      predicted: 'HCC',
      backend: 'wasm',
      inferenceMs: 84.2,
    },
    model: {
      id: 'liver-resnet50-v1',
      version: '2026-11-27',
      inputPhases: ['NC', 'ART', 'PV'],
      testAccuracy: 0.9465,
      testSetSize: 318,
      trainingData: '1 250 synthetic lesions in 659 four-phase CT phantoms. No real patient data.',
      intendedUse: 'research demo; not for clinical use',
    },
    phases: [phase('NC', 0, 45, 55), phase('ART', 1, 112, 70), phase('PV', 2, 88, 110), phase('DL', 3, 70, 90)],
    disclaimer: DISCLAIMER,
  };
}
