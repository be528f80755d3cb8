/**
 * ROIs on normal tissue, drawn per phantom study: where a user might draw a circle that holds no
 * focal lesion (liver parenchyma, the liver's edge, spleen, kidney, vessels, muscle, fat, bone,
 * bowel, air outside the body). They teach and test the model's "no focal lesion" answer; the
 * generator knows every organ's shape, so each ROI's tissue is known exactly.
 */
import { patientMm, type PatientMm, type Vec3 } from '../../src/core/geometry';
import { PHASES, type Phase } from '../../src/core/labels';
import { NORMAL_TISSUES, type NormalTissue } from '../../src/core/annotations';
import type { Rng } from '../../src/core/random';
import type { Part } from './anatomy';
import { roundToMicrometre, sliceZ, type AxialGrid } from './grid';
import type { PhantomStudy } from './study';

export interface NormalRoi {
  readonly id: string;
  readonly tissue: NormalTissue;
  /** Centre as seen on PV (like the lesions' `center`), and on every phase. */
  readonly center: PatientMm;
  readonly phaseCenters: Record<Phase, PatientMm>;
  readonly radiusMm: number;
}

/** How often each tissue is drawn: mostly liver, where a clinician's normal ROIs fall. */
const TISSUE_WEIGHTS: Readonly<Record<NormalTissue, number>> = {
  liver: 0.32,
  'liver-edge': 0.12,
  spleen: 0.1,
  kidney: 0.08,
  vessel: 0.1,
  muscle: 0.08,
  fat: 0.07,
  bone: 0.05,
  bowel: 0.04,
  air: 0.04,
};

/** The tissue a painted part counts as (later parts paint over earlier ones). */
function tissueOf(partName: string): NormalTissue | 'other' {
  if (partName.startsWith('liver')) return 'liver';
  if (partName === 'spleen') return 'spleen';
  if (partName.startsWith('kidney') || partName === 'renal sinus') return 'kidney';
  if (['aorta', 'inferior vena cava', 'portal vein', 'hepatic vein'].includes(partName)) return 'vessel';
  if (partName.includes('muscle') || partName === 'psoas' || partName === 'abdominal wall') return 'muscle';
  if (partName.includes('fat')) return 'fat';
  if (partName.includes('bone') || ['neural arch', 'spinous process', 'rib', 'disc'].includes(partName)) return 'bone';
  if (partName.startsWith('stomach') || partName.startsWith('bowel') || partName.startsWith('colon')) return 'bowel';
  return 'other';
}

/** Inside the liver, its vessels are part of the parenchyma a user's ROI takes in. */
const LIVER_LIKE = new Set<string>(['liver', 'vessel']);

const scratch = new Float64Array(1);

/** The part painted last at `point` on PV (air outside the body). */
function ownerAt(study: PhantomStudy, point: Vec3): Part | 'air' {
  const { anatomy } = study;
  const shift = study.shifts.PV;
  let owner: Part | 'air' = 'air';
  const at = (part: Part): boolean => {
    const [x, y, z] = part.mobile ? [point[0] - shift[0], point[1] - shift[1], point[2] - shift[2]] : point;
    return part.surface.signedDistance(x, y, z, scratch) < 0;
  };
  if (anatomy.body.signedDistance(point[0], point[1], point[2], scratch) >= 0) return 'air';
  for (const part of anatomy.background) if (at(part)) owner = part;
  for (const part of anatomy.foreground) if (at(part)) owner = part;
  return owner;
}

const tissueAt = (study: PhantomStudy, point: Vec3): NormalTissue | 'other' => {
  const owner = ownerAt(study, point);
  return owner === 'air' ? 'air' : tissueOf(owner.name);
};

/** Tissue at the centre and at 8 points on a circle of 0.8 r in the axial plane. */
function discTissues(study: PhantomStudy, center: Vec3, r: number): (NormalTissue | 'other')[] {
  const out = [tissueAt(study, center)];
  for (let k = 0; k < 8; k++) {
    const a = (k * Math.PI) / 4;
    out.push(tissueAt(study, [center[0] + 0.8 * r * Math.cos(a), center[1] + 0.8 * r * Math.sin(a), center[2]]));
  }
  return out;
}

function acceptable(tissue: NormalTissue, samples: readonly (NormalTissue | 'other')[]): boolean {
  const centre = samples[0];
  if (tissue === 'liver-edge') {
    const liver = samples.filter((t) => LIVER_LIKE.has(t)).length;
    return centre !== undefined && LIVER_LIKE.has(centre) && liver >= 3 && liver <= 6;
  }
  const same = (t: NormalTissue | 'other' | undefined): boolean =>
    tissue === 'liver' ? t !== undefined && LIVER_LIKE.has(t) : t === tissue;
  return same(centre) && samples.filter(same).length >= 7;
}

/** Where to look for a tissue: the bounds of the parts that make it (the body's for air). */
function searchBounds(study: PhantomStudy, tissue: NormalTissue): { min: Vec3; max: Vec3; mobile: boolean }[] {
  const { anatomy, grid } = study;
  if (tissue === 'air') {
    const half = ((grid.columns - 1) / 2) * grid.pixelSpacing;
    return [{ min: [-half, -half, -Infinity], max: [half, half, Infinity], mobile: false }];
  }
  const wanted = tissue === 'liver-edge' ? 'liver' : tissue;
  return [...anatomy.background, ...anatomy.foreground]
    .filter((part) => tissueOf(part.name) === wanted)
    .map((part) => ({ min: part.surface.bounds.min, max: part.surface.bounds.max, mobile: part.mobile }));
}

function clearOfLesions(study: PhantomStudy, center: Vec3, r: number): boolean {
  const shift = study.shifts.PV;
  return study.lesions.every((lesion) => {
    const reach = Math.max(...lesion.semiAxes) * (1 + lesion.lobes.reduce((s, l) => s + l.amplitude, 0));
    const c = lesion.center;
    return (
      Math.hypot(c[0] + shift[0] - center[0], c[1] + shift[1] - center[1], c[2] + shift[2] - center[2]) > reach + r + 5
    );
  });
}

function inScan(grid: AxialGrid, center: Vec3, r: number): boolean {
  const half = ((grid.columns - 1) / 2) * grid.pixelSpacing;
  const zTop = grid.z0;
  const zBottom = sliceZ(grid, grid.slices - 1);
  return (
    Math.abs(center[0]) + r < half &&
    Math.abs(center[1]) + r < half &&
    center[2] < zTop - grid.sliceSpacing &&
    center[2] > zBottom + grid.sliceSpacing
  );
}

/** One ROI of `tissue`, or null when the study shows none within the tries. */
function drawOne(study: PhantomStudy, tissue: NormalTissue, rng: Rng): Omit<NormalRoi, 'id'> | null {
  const regions = searchBounds(study, tissue);
  if (regions.length === 0) return null;
  const { grid } = study;
  const zTop = grid.z0;
  const zBottom = sliceZ(grid, grid.slices - 1);
  for (let attempt = 0; attempt < 120; attempt++) {
    // Diameters people draw, 8–40 mm; smaller after failures, for small organs.
    const r = Math.max(4, rng.uniform(4, 20) * (1 - attempt / 160));
    const region = rng.pick(regions);
    const shift = region.mobile ? study.shifts.PV : ([0, 0, 0] as const);
    const lo = (a: 0 | 1 | 2): number => region.min[a] + shift[a];
    const hi = (a: 0 | 1 | 2): number => region.max[a] + shift[a];
    const center: Vec3 = [
      rng.uniform(lo(0), hi(0)),
      rng.uniform(lo(1), hi(1)),
      rng.uniform(Math.max(lo(2), zBottom), Math.min(hi(2), zTop)),
    ];
    if (!inScan(grid, center, r) || !clearOfLesions(study, center, r)) continue;
    if (!acceptable(tissue, discTissues(study, center, r))) continue;
    const owner = ownerAt(study, center);
    const mobile = owner !== 'air' && owner.mobile;
    const round = (p: Vec3): PatientMm =>
      patientMm(roundToMicrometre(p[0]), roundToMicrometre(p[1]), roundToMicrometre(p[2]));
    const phaseCenters = {} as Record<Phase, PatientMm>;
    for (const phase of PHASES) {
      const s = study.shifts[phase];
      const p = study.shifts.PV;
      phaseCenters[phase] = round(
        mobile ? [center[0] - p[0] + s[0], center[1] - p[1] + s[1], center[2] - p[2] + s[2]] : center,
      );
    }
    return { tissue, center: phaseCenters.PV, phaseCenters, radiusMm: roundToMicrometre(r) };
  }
  return null;
}

/** `count` normal-tissue ROIs, tissues drawn by TISSUE_WEIGHTS; a tissue the scan lacks is redrawn. */
export function drawNormalRois(study: PhantomStudy, rng: Rng, count: number): NormalRoi[] {
  const out: NormalRoi[] = [];
  const weights = NORMAL_TISSUES.map((t) => TISSUE_WEIGHTS[t]);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let tries = 0; out.length < count && tries < count * 6; tries++) {
    let u = rng.uniform(0, total);
    const tissue = NORMAL_TISSUES.find((_, i) => (u -= weights[i] ?? 0) < 0) ?? 'liver';
    const roi = drawOne(study, tissue, rng.fork(`${out.length}/${tries}`));
    if (roi !== null) out.push({ id: `N${out.length + 1}`, ...roi });
  }
  return out;
}
