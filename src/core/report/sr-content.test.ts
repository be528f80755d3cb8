import { describe, expect, it } from 'vitest';
import type { Finding } from './finding';
import { COMPREHENSIVE_SR_STORAGE, srDataset, trackingUid, type SrDataset } from './sr-content';
import { CLASS_CODES, CODES, PHASE_CODES, PRIVATE_SCHEME, decimalString, type Code, type SrItem } from './sr-items';
import { testFinding } from './test-finding';

const IDS = { sopInstanceUid: '2.25.1001', seriesInstanceUid: '2.25.1002' };
const UID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;

function* walk(items: readonly SrItem[]): Generator<SrItem> {
  for (const item of items) {
    yield item;
    yield* walk(item.ContentSequence ?? []);
  }
}

const named = (items: readonly SrItem[] | undefined, code: Code): SrItem[] =>
  (items ?? []).filter((i) => i.ConceptNameCodeSequence?.[0].CodeValue === code.CodeValue);

function one(items: readonly SrItem[] | undefined, code: Code): SrItem {
  const found = named(items, code);
  expect(found, code.CodeMeaning).toHaveLength(1);
  return found[0] as SrItem;
}

const templateOf = (item: SrItem): string | undefined => item.ContentTemplateSequence?.[0].TemplateIdentifier;

function measurementGroups(ds: SrDataset): SrItem[] {
  return named(one(ds.ContentSequence, CODES.imagingMeasurements).ContentSequence, CODES.measurementGroup);
}

/** The HU NUM of a group whose Derivation is `derivation`. */
function huValue(group: SrItem, concept: Code, derivation: Code): string | undefined {
  const num = named(group.ContentSequence, concept).find(
    (n) => one(n.ContentSequence, CODES.derivation).ConceptCodeSequence?.[0].CodeValue === derivation.CodeValue,
  );
  expect(num?.MeasuredValueSequence?.[0].MeasurementUnitsCodeSequence[0]).toEqual(CODES.hounsfield);
  return num?.MeasuredValueSequence?.[0].NumericValue;
}

describe('srDataset', () => {
  const finding = testFinding();
  const ds = srDataset(finding, IDS);

  it('is a Comprehensive SR in the study of the key images, filed as a new SR series', () => {
    expect(ds.SOPClassUID).toBe(COMPREHENSIVE_SR_STORAGE);
    expect(ds.SOPInstanceUID).toBe(IDS.sopInstanceUid);
    expect(ds).toMatchObject({
      Modality: 'SR',
      SeriesInstanceUID: IDS.seriesInstanceUid,
      StudyInstanceUID: finding.studyInstanceUid,
      PatientName: 'PHANTOM^DEMO',
      PatientID: 'DEMO-0001',
      StudyDate: '20261127',
      StudyDescription: 'Liver multiphase phantom',
      SoftwareVersions: '0.1.0',
      CompletionFlag: 'COMPLETE',
      VerificationFlag: 'UNVERIFIED',
    });
    expect(ds.ContentDate).toMatch(/^\d{8}$/);
    expect(ds.ContentTime).toMatch(/^\d{6}$/);
    // ASCII only: the default character set, no declaration.
    expect(ds.SpecificCharacterSet).toBeUndefined();
  });

  it('has the TID 1500 root, language, device observer and procedure', () => {
    expect(ds.ValueType).toBe('CONTAINER');
    expect(ds.ConceptNameCodeSequence).toEqual([CODES.imagingMeasurementReport]);
    expect(ds.ContentTemplateSequence).toEqual([{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }]);
    const root = ds.ContentSequence;
    expect(one(root, CODES.language)).toMatchObject({
      RelationshipType: 'HAS CONCEPT MOD',
      ConceptCodeSequence: [CODES.englishUs],
    });
    expect(one(root, CODES.observerType).ConceptCodeSequence).toEqual([CODES.device]);
    expect(one(root, CODES.deviceObserverUid).UID).toMatch(UID);
    expect(one(root, CODES.deviceObserverModelName).TextValue).toBe('liver-resnet50-v1 2026-11-27');
    expect(one(root, CODES.procedureReported).RelationshipType).toBe('HAS CONCEPT MOD');
  });

  it('lists every key image in the library and in the evidence, by series', () => {
    const library = one(ds.ContentSequence, CODES.imageLibrary);
    expect(templateOf(library)).toBe('1600');
    const images = [...walk([library])].filter((i) => i.ValueType === 'IMAGE');
    const keyImages = finding.phases.map((p) => p.keyImage?.sopInstanceUid);
    expect(images.map((i) => i.ReferencedSOPSequence?.[0].ReferencedSOPInstanceUID)).toEqual(keyImages);
    expect(ds.CurrentRequestedProcedureEvidenceSequence).toEqual([
      {
        StudyInstanceUID: finding.studyInstanceUid,
        ReferencedSeriesSequence: finding.phases.map((p) => ({
          SeriesInstanceUID: p.seriesInstanceUid,
          ReferencedSOPSequence: [
            { ReferencedSOPClassUID: p.keyImage?.sopClassUid, ReferencedSOPInstanceUID: p.keyImage?.sopInstanceUid },
          ],
        })),
      },
    ]);
  });

  it('references the frame of a multi-frame key image', () => {
    const [first, ...rest] = finding.phases;
    if (first?.keyImage === null || first?.keyImage === undefined) throw new Error('a key image expected');
    const framed = srDataset(
      { ...finding, phases: [{ ...first, keyImage: { ...first.keyImage, frameNumber: 7 } }, ...rest] },
      { sopInstanceUid: '2.25.1', seriesInstanceUid: '2.25.2' },
    );
    const images = [...walk([one(framed.ContentSequence, CODES.imageLibrary)])].filter((i) => i.ValueType === 'IMAGE');
    expect(images.map((i) => i.ReferencedSOPSequence?.[0].ReferencedFrameNumber)).toEqual([
      7,
      ...rest.map(() => undefined),
    ]);
  });

  it('has one TID 1410 group per phase: its phase, the ROI on its key image and its HU', () => {
    const groups = measurementGroups(ds).filter((g) => templateOf(g) === '1410');
    expect(groups).toHaveLength(finding.phases.length);
    finding.phases.forEach((phase, i) => {
      const group = groups[i] as SrItem;
      const items = group.ContentSequence;
      expect(one(items, CODES.contrastPhase).ConceptCodeSequence).toEqual([PHASE_CODES[phase.phase]]);
      expect(one(items, CODES.trackingIdentifier).TextValue).toBe('L3');
      expect(one(items, CODES.finding).ConceptCodeSequence).toEqual([CODES.lesion]);
      expect(one(items, CODES.findingSite).ConceptCodeSequence).toEqual([CODES.liver]);
      const region = one(items, CODES.imageRegion);
      expect(region).toMatchObject({ RelationshipType: 'CONTAINS', ValueType: 'SCOORD', GraphicType: 'ELLIPSE' });
      expect(region.GraphicData).toEqual(phase.keyImage?.outline.points.flat());
      expect(region.ContentSequence).toEqual([
        {
          RelationshipType: 'SELECTED FROM',
          ValueType: 'IMAGE',
          ReferencedSOPSequence: [
            {
              ReferencedSOPClassUID: phase.keyImage?.sopClassUid,
              ReferencedSOPInstanceUID: phase.keyImage?.sopInstanceUid,
            },
          ],
        },
      ]);
      expect(huValue(group, CODES.attenuation, CODES.mean)).toBe(String(phase.lesionHu?.mean));
      expect(huValue(group, CODES.attenuation, CODES.sd)).toBe('12.5');
      expect(huValue(group, CODES.liverRing, CODES.median)).toBe(String(phase.liverHu?.median));
    });
  });

  it("gives the lesion's long and short axis, in mm, in the group of the phase it was measured on only", () => {
    const groups = measurementGroups(ds).filter((g) => templateOf(g) === '1410');
    finding.phases.forEach((phase, i) => {
      const items = (groups[i] as SrItem).ContentSequence;
      if (phase.phase !== finding.lesion.size?.phase) {
        expect(named(items, CODES.longAxis)).toEqual([]);
        return;
      }
      for (const [code, mm] of [
        [CODES.longAxis, finding.lesion.size.longMm],
        [CODES.shortAxis, finding.lesion.size.shortMm],
      ] as const) {
        const value = one(items, code).MeasuredValueSequence?.[0];
        expect(Number(value?.NumericValue)).toBe(mm);
        expect(value?.MeasurementUnitsCodeSequence[0]).toEqual(CODES.millimetre);
      }
      expect(one(items, CODES.sizeMethod).TextValue).toBe('lesion boundary');
    });
    expect(groups.filter((g) => named(g.ContentSequence, CODES.longAxis).length > 0)).toHaveLength(1);
  });

  it('tracks the lesion with one valid UID across all its groups', () => {
    const uids = measurementGroups(ds).map((g) => one(g.ContentSequence, CODES.trackingUid).UID);
    expect(uids).toHaveLength(finding.phases.length + 1);
    expect(new Set(uids)).toEqual(new Set([trackingUid(IDS.sopInstanceUid)]));
    expect(uids[0]).toMatch(UID);
    expect(() => trackingUid(`2.25.${'1'.repeat(60)}`)).toThrow(/too long/);
  });

  it('has a TID 1501 group with the predicted class, every probability and the model', () => {
    const group = measurementGroups(ds).find((g) => templateOf(g) === '1501');
    const items = group?.ContentSequence;
    expect(one(items, CODES.predictedClass).ConceptCodeSequence).toEqual([CLASS_CODES.HCC]);
    expect(one(items, CODES.userClass).ConceptCodeSequence).toEqual([CLASS_CODES.HCC]);
    const probabilities = named(items, CODES.classProbability).map((n) => ({
      cls: one(n.ContentSequence, CODES.lesionClass).ConceptCodeSequence?.[0].CodeValue,
      p: Number(n.MeasuredValueSequence?.[0].NumericValue),
      unit: n.MeasuredValueSequence?.[0].MeasurementUnitsCodeSequence[0],
    }));
    expect(probabilities.map((x) => x.cls)).toEqual(['CYST', 'FNH', 'HCC', 'HEM', 'METS']);
    expect(probabilities.map((x) => x.p)).toEqual(finding.classification.probabilities);
    expect(probabilities.reduce((sum, x) => sum + x.p, 0)).toBeCloseTo(1, 9);
    expect(new Set(probabilities.map((x) => x.unit))).toEqual(new Set([CODES.noUnits]));
    expect(one(items, CODES.algorithmName).TextValue).toBe('liver-resnet50-v1');
    expect(one(items, CODES.algorithmVersion).TextValue).toBe('2026-11-27');
    expect(one(items, CODES.algorithmParameters).TextValue).toContain('backend wasm');
    expect(one(items, CODES.disclaimer).TextValue).toBe(finding.disclaimer);
  });

  it('says "research demo" in the concept names a PACS shows beside the class and the disclaimer', () => {
    const items = measurementGroups(ds).find((g) => templateOf(g) === '1501')?.ContentSequence;
    for (const code of [CODES.predictedClass, CODES.disclaimer]) {
      const meaning = one(items, code).ConceptNameCodeSequence?.[0]?.CodeMeaning ?? '';
      expect(meaning).toMatch(/research demo/i);
      expect(meaning.length).toBeLessThanOrEqual(64);
    }
    expect(ds.SeriesDescription).toMatch(/research demo/);
  });

  it('writes well-formed content items and codes', () => {
    const declared = (ds.CodingSchemeIdentificationSequence as { CodingSchemeDesignator: string }[]).map(
      (s) => s.CodingSchemeDesignator,
    );
    expect(declared).toEqual([PRIVATE_SCHEME]);
    for (const item of walk(ds.ContentSequence)) {
      expect(item.RelationshipType).toBeDefined();
      const codes = [
        ...(item.ConceptNameCodeSequence ?? []),
        ...(item.ConceptCodeSequence ?? []),
        ...(item.MeasuredValueSequence?.[0].MeasurementUnitsCodeSequence ?? []),
      ];
      for (const code of codes) {
        expect(code.CodeValue.length).toBeLessThanOrEqual(16);
        expect(code.CodeMeaning.length).toBeLessThanOrEqual(64);
        expect(['DCM', 'SCT', 'UCUM', 'LN', 'RFC5646', PRIVATE_SCHEME]).toContain(code.CodingSchemeDesignator);
      }
      const value = {
        CONTAINER: item.ContinuityOfContent,
        TEXT: item.TextValue,
        CODE: item.ConceptCodeSequence,
        NUM: item.MeasuredValueSequence,
        UIDREF: item.UID,
        IMAGE: item.ReferencedSOPSequence,
        SCOORD: item.GraphicData,
      }[item.ValueType];
      expect(value, JSON.stringify(item)).toBeDefined();
      if (item.ValueType !== 'IMAGE') expect(item.ConceptNameCodeSequence).toHaveLength(1);
      if (item.UID !== undefined) expect(item.UID).toMatch(UID);
      const number = item.MeasuredValueSequence?.[0].NumericValue;
      if (number !== undefined) expect(number.length).toBeLessThanOrEqual(16);
    }
  });

  it('leaves out what could not be measured, and says the report is partial', () => {
    const f: Finding = {
      ...finding,
      phases: finding.phases.map((p) =>
        p.phase === 'NC' ? { ...p, keyImage: null } : p.phase === 'DL' ? { ...p, lesionHu: null, liverHu: null } : p,
      ),
    };
    const partial = srDataset(f, IDS);
    expect(partial.CompletionFlag).toBe('PARTIAL');
    const groups = measurementGroups(partial).filter((g) => templateOf(g) === '1410');
    expect(groups.map((g) => one(g.ContentSequence, CODES.contrastPhase).ConceptCodeSequence?.[0].CodeValue)).toEqual([
      'ART',
      'PV',
      'DL',
    ]);
    expect(named(groups[2]?.ContentSequence, CODES.attenuation)).toEqual([]);
    expect(named(groups[2]?.ContentSequence, CODES.imageRegion)).toHaveLength(1);
    const series = (partial.CurrentRequestedProcedureEvidenceSequence as { ReferencedSeriesSequence: unknown[] }[])[0];
    expect(series?.ReferencedSeriesSequence).toHaveLength(3);
  });

  it('declares UTF-8 when a value leaves ASCII', () => {
    const f: Finding = { ...finding, patientStudy: { ...finding.patientStudy, patientName: 'MÜLLER^JÜRGEN' } };
    expect(srDataset(f, IDS).SpecificCharacterSet).toBe('ISO_IR 192');
  });
});

describe('decimalString', () => {
  it('keeps what fits in 16 characters and rounds the rest', () => {
    expect(decimalString(88)).toBe('88');
    expect(decimalString(0.86)).toBe('0.86');
    expect(decimalString(-12.25)).toBe('-12.25');
    expect(decimalString(87.66666666666667)).toBe('87.6666666666667');
    for (const x of [1 / 3, -1 / 3, 1e-7 / 3, -123456.7890123456, 1e21 / 3, 2 ** 60]) {
      const s = decimalString(x);
      expect(s.length, s).toBeLessThanOrEqual(16);
      expect(s).toMatch(/^[-+]?[0-9.]+(e[-+]?\d+)?$/);
      expect(Number(s)).toBeCloseTo(x, -Math.floor(Math.log10(Math.abs(x))) + 8);
    }
    expect(() => decimalString(Number.NaN)).toThrow();
  });
});
