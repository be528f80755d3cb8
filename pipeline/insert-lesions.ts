/**
 * npm run insert-lesions -- --out DIR [--study DIR] [--rois FILE] [--per-class 40] [--seed S]
 *                           [--samples 2] [--size 80] [--test-share 0.25]
 *
 * Synthetic lesions on real CT: draws lesions with the phantom generator's shapes and per-phase
 * patterns and adds them, one at a time, to the liver of a real three-phase study (by default
 * HCC009 in ../shared/data), then cuts the NC/ART/PV patches as the dataset builder does (same
 * src/core code), plus one patch of the same spot before the lesion was added (label NONE, the
 * same liver without it). Writes an ROI dataset folder (`npm run dataset`'s format).
 *
 * Where lesions go: inside the liver on every phase (checked on the HU of each phase at the
 * aligned centre), clear of the real tumour and of every ROI in --rois (those ROIs stay unseen for
 * the real-CT check). The pattern is the generator's for the study's measured acquisition: the
 * liver's HU at the spot on each phase, its PV enhancement (gain over the specification's), and an
 * early arterial phase when the aorta on ART is brighter than the specification's late phase
 * allows. Sites low in the liver (the lowest --test-share of accepted z) form the test split,
 * 10 mm clear of the training sites.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnnotations, parseNormalRois, type LesionAnnotation } from '../src/core/annotations';
import { patientMm, type PatientMm } from '../src/core/geometry';
import { LESION_CLASSES, type LesionClass, type Phase } from '../src/core/labels';
import { median } from '../src/core/median';
import { Rng } from '../src/core/random';
import { parseArgs } from './args';
import {
  lesionSamples,
  normalSample,
  phasePlacements,
  summary,
  type DatasetOptions,
  type SampleRecord,
  type Split,
} from './dataset/build';
import { dicomSources, loadVolume, type PhaseVolume } from './dataset/study-files';
import { MODEL_PHASES } from '../src/core/labels';
import { defaultCropSpec } from './dataset/spec';
import { writeDatasetFolder } from './dataset/write';
import { readStudy, seriesByPhase } from '../src/core/study/read-study';
import { SPECIFICATION_FAMILIES, type Families } from './phantom/families';
import { roughenOutline, sampleLesionShape } from './phantom/lesion-shapes';
import { sampleAppearance } from './phantom/lesions';
import { Ellipsoid } from './phantom/shapes';
import { TISSUE_HU } from './phantom/spec';
import { sampleTissueHu, type TissueHu } from './phantom/tissues';
import { addLesion, sphereOffsets, tissueShare, type WritableVolume } from './real-ct/insert';
import { errorMessage } from '../src/core/error-message';

const ROOT = join(import.meta.dirname, '..');
const USAGE =
  'usage: npm run insert-lesions -- --out DIR [--study DIR] [--rois FILE] [--per-class 40] [--seed S] [--samples 2] [--size 80] [--test-share 0.25]';

/** How far around a lesion the spot must be liver, and how much of it. */
const LIVER_MARGIN_MM = 6;
const LIVER_SHARE = 0.9;
/** HU half-width of "liver" around the liver's median on each phase. */
const LIVER_HALF_WIDTH_HU = 45;
/** The largest lesion tried: a real liver has less free room than the phantom's. */
const MAX_DIAMETER_MM = 45;

interface Site {
  readonly label: LesionClass;
  readonly center: PatientMm;
  readonly shifts: Map<Phase, readonly [number, number, number]>;
  readonly liverHu: Record<Phase, number>;
  readonly shape: ReturnType<typeof sampleLesionShape>;
  readonly rng: Rng;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    out: 'string',
    study: 'string',
    rois: 'string',
    'per-class': 'number',
    seed: 'string',
    samples: 'number',
    size: 'number',
    'test-share': 'number',
  });
  if (args.out === undefined) throw new Error(`--out is required\n${USAGE}`);
  const studyDir = args.study ?? join(ROOT, '..', 'shared', 'data', 'hcc009-3phase');
  const roiFile = args.rois ?? join(ROOT, 'pipeline', 'real-ct', 'hcc009-rois.json');
  if (!existsSync(studyDir)) throw new Error(`${studyDir} not found: a real three-phase study is needed (--study)`);
  const perClass = args['per-class'] ?? 40;
  const testShare = args['test-share'] ?? 0.25;
  if (!(testShare >= 0 && testShare < 1)) throw new Error('--test-share must be in [0, 1)');
  const seed = args.seed ?? 'insert-2026';
  const spec = defaultCropSpec(args.size ?? 80);
  const options: DatasetOptions = {
    phases: MODEL_PHASES,
    spec,
    seed,
    samplesPerLesion: args.samples ?? 2,
    split: [1, 0, 0],
    phaseCenters: 'file',
    normalTissue: true,
  };
  const started = Date.now();

  const json = JSON.parse(await readFile(roiFile, 'utf8')) as unknown;
  const annotations = parseAnnotations(json);
  const keepClear = [
    ...annotations.lesions.map((l) => ({ center: l.center, radiusMm: l.radiusMm })),
    ...parseNormalRois(json).map((r) => ({ center: r.center, radiusMm: r.radiusMm })),
  ];
  const read = await readStudy(await dicomSources(studyDir));
  const byPhase = seriesByPhase(
    read.series.filter((s) => s.series.studyInstanceUid === annotations.studyInstanceUid),
    new Map(),
  );
  const volumes = new Map<Phase, PhaseVolume>();
  for (const phase of MODEL_PHASES) {
    const entry = byPhase[phase];
    if (entry === undefined) throw new Error(`the study has no ${phase} series`);
    volumes.set(phase, await loadVolume(entry, read.files));
  }
  const volumeOf = (phase: Phase): WritableVolume => (volumes.get(phase) as PhaseVolume).volume as WritableVolume;

  // The liver's HU on each phase: the median of the liver ROIs of --rois, at their aligned centres.
  const liverRois = parseNormalRois(json).filter((r) => r.tissue === 'liver');
  if (liverRois.length === 0) throw new Error(`${roiFile} lists no liver ROI: the liver's HU cannot be measured`);
  const liverMedian = {} as Record<Phase, number>;
  const vesselMedian: number[] = [];
  for (const phase of MODEL_PHASES) {
    const medians = liverRois.map((roi) => {
      const shift = phasePlacements(roi, false, volumes, options).get(phase)?.shift ?? [0, 0, 0];
      const c = patientMm(roi.center[0] + shift[0], roi.center[1] + shift[1], roi.center[2] + shift[2]);
      return tissueShare(volumeOf(phase), c, sphereOffsets(roi.radiusMm * 0.7, 2), [-1000, 3000]).median;
    });
    liverMedian[phase] = finiteMedian(medians);
  }
  for (const roi of parseNormalRois(json).filter((r) => r.tissue === 'vessel')) {
    vesselMedian.push(
      tissueShare(volumeOf('PV'), roi.center, sphereOffsets(roi.radiusMm * 0.6, 1.5), [-1000, 3000]).median,
    );
  }
  const spec55 = TISSUE_HU.liver.PV.mean - TISSUE_HU.liver.NC.mean;
  const enhancementGain = Math.max(1, (liverMedian.PV - liverMedian.NC) / spec55);
  const aortaArt = TISSUE_HU.aorta.ART;
  const families: Families = {
    ...SPECIFICATION_FAMILIES,
    arterial: artAortaMedian(json, volumes, options) > aortaArt.mean + aortaArt.spread ? 'early' : 'late',
    enhancement: enhancementGain > 1.1 ? 'strong' : 'standard',
  };
  console.log(
    `liver HU NC ${liverMedian.NC.toFixed(0)}, ART ${liverMedian.ART.toFixed(0)}, PV ${liverMedian.PV.toFixed(0)}; ` +
      `PV enhancement ×${enhancementGain.toFixed(2)} of the specification's; arterial ${families.arterial}`,
  );

  const rng = new Rng(`${seed}/sites`);
  const sites: Site[] = [];
  let tried = 0;
  const wanted = LESION_CLASSES.flatMap((label) => Array.from({ length: perClass }, () => label));
  for (const [n, label] of wanted.entries()) {
    const lesionRng = rng.fork(n);
    let site: Site | null = null;
    for (let attempt = 0; attempt < 400 && site === null; attempt++) {
      tried++;
      const cap = MAX_DIAMETER_MM * (1 - attempt / 500);
      const drawn = sampleLesionShape(label, lesionRng, cap);
      const shape = lesionRng.bernoulli(0.5) ? roughenOutline(drawn, lesionRng.fork(`outline/${attempt}`)) : drawn;
      const reach = Math.max(...shape.semiAxes) * (1 + shape.lobes.reduce((s, l) => s + l.amplitude, 0));
      const center = patientMm(lesionRng.uniform(-160, 60), lesionRng.uniform(-110, 80), lesionRng.uniform(-400, -245));
      if (sites.some((s) => distance(s.center, center) < 2)) continue;
      if (keepClear.some((k) => distance(k.center, center) < k.radiusMm + reach + 5)) continue;
      const offsets = sphereOffsets(reach + LIVER_MARGIN_MM, 3);
      const liverPv = tissueShare(volumeOf('PV'), center, offsets, band(liverMedian.PV));
      if (liverPv.share < LIVER_SHARE) continue;
      const radiusMm = Math.max(...shape.semiAxes);
      const shifts = new Map(
        [...phasePlacements({ center, radiusMm, phase: 'PV' }, false, volumes, options)].map(
          ([phase, placement]) => [phase, placement.shift] as const,
        ),
      );
      const liverHu = { PV: liverPv.median } as Record<Phase, number>;
      let ok = true;
      for (const phase of MODEL_PHASES) {
        if (phase === 'PV') continue;
        const s = shifts.get(phase) ?? [0, 0, 0];
        const check = tissueShare(
          volumeOf(phase),
          patientMm(center[0] + s[0], center[1] + s[1], center[2] + s[2]),
          offsets,
          band(liverMedian[phase]),
        );
        // The 10-mm NC slices of HCC009 mix more partial volume in: a little less is asked there.
        if (check.share < LIVER_SHARE - 0.05) ok = false;
        liverHu[phase] = check.median;
      }
      if (!ok) continue;
      site = { label, center, shifts, liverHu, shape, rng: lesionRng.fork('appearance') };
    }
    if (site === null) {
      console.error(`no room found for lesion ${String(n + 1)} (${label}) after 400 tries: left out`);
      continue;
    }
    sites.push(site);
  }
  // Split by height: the lowest sites are the test split, 10 mm clear of the training ones.
  const zs = sites.map((s) => s.center[2]).sort((a, b) => a - b);
  const testTop = zs[Math.floor(testShare * zs.length)] ?? Number.NEGATIVE_INFINITY;
  const splitOf = (z: number): Split | null => (z < testTop ? 'test' : z >= testTop + 10 ? 'train' : null);

  const records: SampleRecord[] = [];
  const crops: Uint8Array[] = [];
  let dropped = 0;
  for (const [n, site] of sites.entries()) {
    const split = splitOf(site.center[2]);
    if (split === null) {
      dropped++;
      continue;
    }
    const id = `L${String(n + 1)}`;
    const phaseCenters = Object.fromEntries(
      [...site.shifts].map(([phase, s]) => [
        phase,
        patientMm(site.center[0] + s[0], site.center[1] + s[1], site.center[2] + s[2]),
      ]),
    ) as Partial<Record<Phase, PatientMm>>;
    const radiusMm = Math.max(...site.shape.semiAxes);
    const study = `hcc009-insert-${id}`;
    // The same spot without the lesion: what "no focal lesion" looks like on this background.
    const before = normalSample(
      study,
      { id: `N${String(n + 1)}`, tissue: 'liver', center: site.center, radiusMm, phase: 'PV', phaseCenters },
      split,
      volumes,
      options,
    );
    if (before !== null) {
      records.push(before.record);
      crops.push(before.crop);
    }
    const restore = paint(site, volumes, families, enhancementGain, vesselMedian);
    const lesion: LesionAnnotation = {
      id,
      label: site.label,
      center: site.center,
      radiusMm,
      phase: 'PV',
      phaseCenters,
    };
    const made = lesionSamples(study, lesion, split, volumes, options);
    records.push(...made.records);
    crops.push(...made.crops);
    for (const undo of restore) undo();
  }
  const bytes = await writeDatasetFolder(args.out, spec, records, crops);
  for (const line of summary(records)) console.log(line);
  console.log(
    `${String(sites.length)} of ${String(wanted.length)} lesions placed (${String(tried)} tries), ${String(dropped)} in the 10-mm gap left out; ` +
      `test split: sites below z ${testTop.toFixed(1)} mm; wrote ${String(records.length)} crops (${(bytes / 1e6).toFixed(1)} MB) to ${args.out} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

function paint(
  site: Site,
  volumes: ReadonlyMap<Phase, PhaseVolume>,
  families: Families,
  enhancementGain: number,
  vesselMedian: readonly number[],
): (() => void)[] {
  const surface = new Ellipsoid(site.center, site.shape.semiAxes, site.shape.axes, site.shape.lobes);
  // The generator's tissues with this spot's liver: patterns are given against the liver (ΔL), and
  // a haemangioma's blood pool is the vessels' PV HU.
  const base = sampleTissueHu(site.rng.fork('tissues'), families, enhancementGain);
  const bloodPool = vesselMedian.length > 0 ? finiteMedian(vesselMedian) : base.portalVein.PV;
  const tissues: TissueHu = {
    ...base,
    liver: { ...base.liver, NC: site.liverHu.NC, ART: site.liverHu.ART, PV: site.liverHu.PV },
    portalVein: { ...base.portalVein, PV: bloodPool },
  };
  const appearance = sampleAppearance({
    shape: site.shape,
    surface,
    tissues,
    rng: site.rng,
    families,
    enhancementGain,
  });
  return MODEL_PHASES.map((phase) => {
    const volume = (volumes.get(phase) as PhaseVolume).volume as WritableVolume;
    const shift = site.shifts.get(phase) ?? [0, 0, 0];
    return addLesion(
      volume,
      surface,
      appearance.value[phase],
      site.liverHu[phase],
      shift,
      Math.max(0.5, site.shape.softnessVoxels),
    );
  });
}

/** The aorta's HU on ART: the PV "vessel" ROIs of --rois aligned to ART (their median). */
function artAortaMedian(json: unknown, volumes: ReadonlyMap<Phase, PhaseVolume>, options: DatasetOptions): number {
  const vessels = parseNormalRois(json).filter((r) => r.tissue === 'vessel');
  const art = (volumes.get('ART') as PhaseVolume).volume;
  return finiteMedian(
    vessels.map((roi) => {
      const s = phasePlacements(roi, false, volumes, options).get('ART')?.shift ?? [0, 0, 0];
      const c = patientMm(roi.center[0] + s[0], roi.center[1] + s[1], roi.center[2] + s[2]);
      return tissueShare(art, c, sphereOffsets(roi.radiusMm * 0.6, 1.5), [-1000, 3000]).median;
    }),
  );
}

const finiteMedian = (values: readonly number[]): number => median(values.filter((v) => Number.isFinite(v)));
const band = (median: number): [number, number] => [median - LIVER_HALF_WIDTH_HU, median + LIVER_HALF_WIDTH_HU];
const distance = (a: readonly number[], b: readonly number[]): number =>
  Math.hypot((a[0] ?? 0) - (b[0] ?? 0), (a[1] ?? 0) - (b[1] ?? 0), (a[2] ?? 0) - (b[2] ?? 0));

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
