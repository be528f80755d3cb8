/**
 * Lesion appearance per class and phase, following docs/phantom-specification.md. Every number is drawn from
 * the specification's range for each lesion; values marked "model" fill gaps the specification
 * leaves open. A lesion's HU is expressed relative to the liver of the same phase (ΔL) where the
 * specification does so.
 */
import type { Vec3 } from '../../src/core/geometry';
import type { Phase } from '../../src/core/labels';
import type { Rng } from '../../src/core/random';
import { usingDepth, type ValueFn } from './paint';
import type { Ellipsoid } from './shapes';
import type { LesionShape } from './lesion-shapes';
import type { Families } from './families';
import { cellNoise3, valueNoise3, type CellSample } from './texture';
import type { TissueHu } from './tissues';

export interface Lesion extends LesionShape {
  readonly id: string;
  /** Centre in the reference (unshifted) anatomy frame, patient mm. */
  readonly center: Vec3;
  readonly surface: Ellipsoid;
  /** Which variant of the class pattern this lesion shows (e.g. "no-APHE", "central-scar"). */
  readonly attributes: readonly string[];
  readonly value: Readonly<Record<Phase, ValueFn>>;
}

const clamp01 = (t: number): number => (t < 0 ? 0 : t > 1 ? 1 : t);
const mix = (a: number, b: number, w: number): number => a + w * (b - a);

/** Normalised radius of a point inside the lesion: 0 at the centre, 1 on the (lobulated) surface. */
function relativeRadius(surface: Ellipsoid, x: number, y: number, z: number, q: Float64Array): number {
  surface.toLocal(x, y, z, q);
  const qx = q[0] as number;
  const qy = q[1] as number;
  const qz = q[2] as number;
  const r = Math.sqrt(qx * qx + qy * qy + qz * qz);
  return r / surface.lobeScale(qx, qy, qz, r);
}

interface AppearanceContext {
  readonly shape: LesionShape;
  readonly surface: Ellipsoid;
  readonly tissues: TissueHu;
  readonly rng: Rng;
  readonly families?: Families;
  /** PV/DL enhancement gain of the study: contrast against the liver on those phases grows with it. */
  readonly enhancementGain?: number;
}

/**
 * How much of a lesion's arterial contrast against the liver an early arterial phase keeps, drawn
 * from the lesion's own family stream (1 on a late arterial phase). Model: the bolus has reached
 * the hepatic arteries but not yet filled the lesion; HCC009's HCC is −4 HU against the liver on ART.
 */
function arterialShare(ctx: AppearanceContext, range: readonly [number, number]): number {
  return ctx.families?.arterial === 'early' ? ctx.rng.fork('early-arterial').uniform(...range) : 1;
}

interface Appearance {
  readonly attributes: string[];
  readonly value: Record<Phase, ValueFn>;
}

const liver = (ctx: AppearanceContext, phase: Phase): number => ctx.tissues.liver[phase];

export function sampleAppearance(ctx: AppearanceContext): Appearance {
  switch (ctx.shape.label) {
    case 'CYST':
      return cyst(ctx);
    case 'HEM':
      return hemangioma(ctx);
    case 'FNH':
      return fnh(ctx);
    case 'HCC':
      return hcc(ctx);
    case 'METS':
      return metastasis(ctx);
  }
}

const constant =
  (value: number): ValueFn =>
  () =>
    value;

function cyst({ rng }: AppearanceContext): Appearance {
  const nc = rng.uniform(0, 10);
  return {
    attributes: [],
    value: {
      NC: constant(nc),
      ART: constant(nc + rng.uniform(-5, 5)),
      PV: constant(nc + rng.uniform(-5, 5)),
      DL: constant(nc + rng.uniform(-5, 5)),
    },
  };
}

function hemangioma(ctx: AppearanceContext): Appearance {
  const { rng, shape, surface, tissues } = ctx;
  // NC ≈ blood pool 35–45 HU and ΔL −10…−20: draw inside both where they overlap.
  const lo = Math.max(35, liver(ctx, 'NC') - 20);
  const hi = Math.min(45, liver(ctx, 'NC') - 10);
  const nc = lo <= hi ? rng.uniform(lo, hi) : rng.uniform(35, 45);
  const bloodPool = tissues.portalVein.PV;
  const delayed = liver(ctx, 'DL') + rng.uniform(0, 30);
  const giant = shape.diameterMm > 40;
  if (shape.diameterMm < 20 && rng.bernoulli(0.25)) {
    const art = rng.uniform(150, 250);
    return {
      attributes: ['flash-fill'],
      value: { NC: constant(nc), ART: constant(art), PV: constant(bloodPool), DL: constant(delayed) },
    };
  }
  // Nodules sit on the rim; at least 3 mm across so that a 5 mm slice still shows them.
  const minSemi = Math.min(...shape.semiAxes);
  const nodules = Array.from({ length: rng.int(3, 8) }, () => {
    const d = rng.unitVector();
    const size = Math.max(rng.uniform(0.2, 0.35), 3 / minSemi);
    return { center: [0.8 * d[0], 0.8 * d[1], 0.8 * d[2]] as Vec3, direction: d, size, hu: rng.uniform(150, 250) };
  });
  const fillPv = rng.uniform(0.4, 0.8);
  const fillDl = giant ? rng.uniform(0.8, 0.88) : rng.uniform(0.8, 1);
  const q = new Float64Array(3);
  // Fill-in advances fastest behind the nodules, so the enhanced zone stays irregular.
  const fillValue =
    (fill: number, enhanced: number): ValueFn =>
    (x, y, z) => {
      const rr = relativeRadius(surface, x, y, z, q);
      const r = Math.max(1e-6, Math.hypot(q[0] as number, q[1] as number, q[2] as number));
      let toward = 0;
      for (const n of nodules) {
        const cos =
          ((q[0] as number) * n.direction[0] + (q[1] as number) * n.direction[1] + (q[2] as number) * n.direction[2]) /
          r;
        toward = Math.max(toward, cos);
      }
      const threshold = 1 - fill * (0.85 + 0.3 * toward * toward);
      return mix(nc, enhanced, clamp01((rr - threshold) / 0.08 + 0.5));
    };
  const arterial: ValueFn = (x, y, z) => {
    relativeRadius(surface, x, y, z, q);
    let v = nc;
    for (const n of nodules) {
      const dist = Math.hypot(
        (q[0] as number) - n.center[0],
        (q[1] as number) - n.center[1],
        (q[2] as number) - n.center[2],
      );
      v = mix(v, n.hu, clamp01((n.size - dist) / 0.05 + 0.5));
    }
    return v;
  };
  return {
    attributes: giant ? ['giant', 'central-cleft'] : [],
    value: {
      NC: constant(nc),
      ART: arterial,
      PV: fillValue(fillPv, bloodPool),
      DL: fillDl >= 0.97 ? constant(delayed) : fillValue(fillDl, delayed),
    },
  };
}

function fnh(ctx: AppearanceContext): Appearance {
  const { rng, surface } = ctx;
  const lesion: Record<Phase, number> = {
    NC: liver(ctx, 'NC') + rng.uniform(-10, -5),
    ART: liver(ctx, 'ART') + rng.uniform(50, 100) * arterialShare(ctx, [0.6, 1]),
    PV: liver(ctx, 'PV') + rng.uniform(-10, 10),
    DL: liver(ctx, 'DL') + rng.uniform(-5, 5),
  };
  if (!rng.bernoulli(0.35)) {
    return {
      attributes: [],
      value: { NC: constant(lesion.NC), ART: constant(lesion.ART), PV: constant(lesion.PV), DL: constant(lesion.DL) },
    };
  }
  const scar: Record<Phase, number> = {
    NC: lesion.NC - rng.uniform(5, 10), // model: the scar is slightly hypodense unenhanced
    ART: liver(ctx, 'ART') + rng.uniform(-25, -15),
    PV: liver(ctx, 'PV') + rng.uniform(-25, -15),
    DL: liver(ctx, 'DL') + rng.uniform(10, 20),
  };
  const core = rng.uniform(0.12, 0.22);
  const spokes = Array.from({ length: rng.int(3, 6) }, () => rng.unitVector());
  const q = new Float64Array(3);
  const scarWeight = (x: number, y: number, z: number): number => {
    const rr = relativeRadius(surface, x, y, z, q);
    let w = clamp01((core - rr) / 0.04 + 0.5);
    for (const d of spokes) {
      const t = (q[0] as number) * d[0] + (q[1] as number) * d[1] + (q[2] as number) * d[2];
      if (t <= 0 || t >= 0.85) continue;
      const dist = Math.hypot((q[0] as number) - t * d[0], (q[1] as number) - t * d[1], (q[2] as number) - t * d[2]);
      const width = 0.07 * (1 - t) + 0.02;
      w = Math.max(w, clamp01((width - dist) / 0.03 + 0.5));
    }
    return w;
  };
  const withScar =
    (phase: Phase): ValueFn =>
    (x, y, z) =>
      mix(lesion[phase], scar[phase], scarWeight(x, y, z));
  return {
    attributes: ['central-scar'],
    value: { NC: withScar('NC'), ART: withScar('ART'), PV: withScar('PV'), DL: withScar('DL') },
  };
}

/**
 * The `heterogeneity=mosaic` family's HCC (model, after HCC009's 8-cm HCC): nodules of a quarter
 * to a half of the radius, each with its own arterial enhancement and a washout that grows with
 * it (the more arterialised nodules wash out more), walled by thin septa that enhance on PV/DL like
 * the capsule. Drawn from the lesion's own `mosaic` stream, so the other families' HCCs draw the
 * numbers they drew before.
 */
function mosaicNodules(
  ctx: AppearanceContext,
  aphe: boolean,
  delta: Record<Phase, number>,
): (phase: Phase, v: number, x: number, y: number, z: number) => number {
  const rng = ctx.rng.fork('mosaic');
  const gain = ctx.enhancementGain ?? 1;
  const cellMm = Math.min(20, Math.max(8, rng.uniform(0.25, 0.5) * (ctx.shape.diameterMm / 2)));
  const cells = cellNoise3(rng.nextUint32(), cellMm);
  const amplitude: Record<Phase, number> = {
    NC: rng.uniform(3, 8),
    ART: aphe ? rng.uniform(15, 30) : rng.uniform(5, 12),
    PV: -rng.uniform(10, 25) * gain,
    DL: -rng.uniform(10, 25) * gain,
  };
  /** Septa are this thick, with half a millimetre of partial volume either side. */
  const septumMm = rng.uniform(0.6, 1.2);
  const septumDelta = rng.uniform(10, 25) * gain;
  const septumWeight = (wallMm: number): number => clamp01(0.5 + (septumMm / 2 - wallMm) / 0.5);
  // Enhancing septa take a share of the lesion's volume; the nodules between them are darkened by
  // as much, so the lesion's mean keeps the drawn washout (without this a mosaic HCC's PV mean rose
  // from -14.6 to -4.4 HU against the liver, brighter than HCC009's real one at -41 HU).
  const share = septumShare(cells, cellMm, septumWeight);
  const nodulesOffset = (phase: Phase): number => (share * (delta[phase] - septumDelta)) / (1 - share);
  const offset: Record<Phase, number> = { NC: 0, ART: 0, PV: nodulesOffset('PV'), DL: nodulesOffset('DL') };
  return (phase, v, x, y, z) => {
    const cell = cells(x, y, z);
    const inNodule = v + amplitude[phase] * cell.value;
    if (phase !== 'PV' && phase !== 'DL') return inNodule;
    return mix(inNodule + offset[phase], liver(ctx, phase) + septumDelta, septumWeight(cell.wallMm));
  };
}

/** The mean septum weight over a block of four cells a side, sampled on a fixed grid (deterministic). */
function septumShare(
  cells: (x: number, y: number, z: number) => CellSample,
  cellMm: number,
  septumWeight: (wallMm: number) => number,
): number {
  const steps = 16;
  const stepMm = (4 * cellMm) / steps;
  let sum = 0;
  for (let k = 0; k < steps; k++)
    for (let j = 0; j < steps; j++)
      for (let i = 0; i < steps; i++)
        sum += septumWeight(cells((i + 0.31) * stepMm, (j + 0.57) * stepMm, (k + 0.13) * stepMm).wallMm);
  return Math.min(0.8, sum / steps ** 3);
}

function hcc(ctx: AppearanceContext): Appearance {
  const { rng, shape, surface } = ctx;
  const attributes: string[] = [];
  const aphe = !rng.bernoulli(0.22);
  const washout = !rng.bernoulli(0.4);
  if (!aphe) attributes.push('no-APHE');
  if (!washout) attributes.push('no-washout');
  const gain = ctx.enhancementGain ?? 1;
  const delta: Record<Phase, number> = {
    NC: rng.uniform(-15, -5),
    ART: (aphe ? rng.uniform(20, 60) : rng.uniform(-10, 5)) * arterialShare(ctx, [0, 0.6]),
    PV: (washout ? rng.uniform(-30, -10) : rng.uniform(-5, 5)) * gain,
    DL: (washout ? rng.uniform(-35, -15) : rng.uniform(-5, 5)) * gain,
  };
  // Mosaic: low-frequency texture, strongest with arterial hyperenhancement.
  const mosaic = valueNoise3(rng.nextUint32(), Math.max(3, 0.35 * (shape.diameterMm / 2)));
  const mosaicHu: Record<Phase, number> = {
    NC: 3,
    ART: aphe ? 0.4 * delta.ART : 6,
    PV: 6,
    DL: 6,
  };
  const nodules = ctx.families?.heterogeneity === 'mosaic' ? mosaicNodules(ctx, aphe, delta) : undefined;
  if (nodules !== undefined) attributes.push('nodule-in-nodule');
  const capsuleMm = rng.uniform(1, 3);
  const capsuleDelta = rng.uniform(15, 25);
  const necrosis = shape.diameterMm > 40 && rng.bernoulli(0.5);
  if (necrosis) attributes.push('necrotic-core');
  const necroticHu = rng.uniform(10, 40);
  const necroticJitter: Record<Phase, number> = {
    NC: 0,
    ART: rng.uniform(-3, 3),
    PV: rng.uniform(-3, 3),
    DL: rng.uniform(-3, 3),
  };
  const coreRadius = rng.uniform(0.3, 0.6);
  const coreShape = valueNoise3(rng.nextUint32(), Math.max(3, 0.3 * (shape.diameterMm / 2)));
  const q = new Float64Array(3);
  const valueFor = (phase: Phase): ValueFn =>
    usingDepth((x, y, z, depthMm) => {
      let v = liver(ctx, phase) + delta[phase] + mosaicHu[phase] * mosaic(x, y, z);
      if (nodules !== undefined) v = nodules(phase, v, x, y, z);
      if ((phase === 'PV' || phase === 'DL') && depthMm < capsuleMm + 0.5) {
        v = mix(v, liver(ctx, phase) + capsuleDelta, clamp01(capsuleMm - depthMm + 0.5));
      }
      if (necrosis) {
        const rr = relativeRadius(surface, x, y, z, q);
        const edge = coreRadius * (1 + 0.25 * coreShape(x, y, z));
        v = mix(v, necroticHu + necroticJitter[phase], clamp01((edge - rr) / 0.06 + 0.5));
      }
      return v;
    });
  return {
    attributes,
    value: { NC: valueFor('NC'), ART: valueFor('ART'), PV: valueFor('PV'), DL: valueFor('DL') },
  };
}

function metastasis(ctx: AppearanceContext): Appearance {
  const { rng } = ctx;
  const gain = ctx.enhancementGain ?? 1;
  const early = arterialShare(ctx, [0.3, 1]);
  const rimMm = rng.uniform(2, 4);
  const nc = liver(ctx, 'NC') + rng.uniform(-25, -15);
  const hypervascular = rng.bernoulli(0.2);
  let rim: Record<Phase, number>;
  let centre: Record<Phase, number>;
  if (hypervascular) {
    const art = liver(ctx, 'ART') + rng.uniform(20, 50) * early;
    const pv = liver(ctx, 'PV') + rng.uniform(-15, 5);
    const dl = liver(ctx, 'DL') + rng.uniform(-20, 0);
    rim = { NC: nc, ART: art + rng.uniform(0, 10), PV: pv, DL: dl };
    centre = { NC: nc, ART: art, PV: pv - rng.uniform(0, 10), DL: dl - rng.uniform(0, 10) };
  } else {
    rim = {
      NC: nc,
      ART: liver(ctx, 'ART') + rng.uniform(10, 30) * early,
      PV: liver(ctx, 'PV') + rng.uniform(-5, 10),
      DL: liver(ctx, 'DL') + rng.uniform(-10, 5), // model
    };
    centre = {
      NC: nc,
      ART: nc + rng.uniform(0, 10), // model: the hypovascular centre barely enhances
      PV: liver(ctx, 'PV') + rng.uniform(-60, -40) * gain,
      DL: liver(ctx, 'DL') + rng.uniform(-50, -30) * gain,
    };
  }
  const valueFor = (phase: Phase): ValueFn =>
    usingDepth((_x, _y, _z, depthMm) => mix(rim[phase], centre[phase], clamp01((depthMm - rimMm) / rimMm)));
  return {
    attributes: hypervascular ? ['hypervascular'] : [],
    value: { NC: valueFor('NC'), ART: valueFor('ART'), PV: valueFor('PV'), DL: valueFor('DL') },
  };
}
