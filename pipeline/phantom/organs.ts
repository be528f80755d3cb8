/** The organs in the cavity: liver (lobes, texture, vessel trees), gallbladder, gut, kidneys, spleen. */
import { normalize, type Vec3 } from '../../src/core/geometry';
import type { Phase } from '../../src/core/labels';
import type { Rng } from '../../src/core/random';
import type { ValueFn } from './paint';
import { Capsule, Ellipsoid } from './shapes';
import type { Families } from './families';
import { valueNoise3 } from './texture';
import type { TissueHu } from './tissues';
import { liverDepth, lobesOf, rotationZ, type Anatomy, type Draw, type Frame, type LiverShape } from './anatomy-parts';

/** Liver: a large right lobe and a smaller left lobe reaching across the midline, lobulated. */
export function shapeLiver({ rng, liverCenterZ }: Draw, { bx, by, cavityA, cavityB }: Frame): LiverShape {
  const ccRight = rng.uniform(75, 92);
  const rightLobe = new Ellipsoid(
    [bx - 0.42 * cavityA, by + 0.02 * cavityB, liverCenterZ],
    [0.5 * cavityA, 0.86 * cavityB, ccRight],
    rotationZ(rng.uniform(-0.15, 0.15)),
    lobesOf(rng, 4, 0.05),
  );
  const leftLobe = new Ellipsoid(
    [bx + 0.08 * cavityA, by - 0.38 * cavityB, liverCenterZ + rng.uniform(10, 25)],
    [0.45 * cavityA, 0.4 * cavityB, rng.uniform(45, 60)],
    rotationZ(rng.uniform(-0.3, 0.1)),
    lobesOf(rng, 3, 0.06),
  );
  return { rightLobe, leftLobe, liverZ: [liverCenterZ - ccRight, liverCenterZ + ccRight] };
}

/** Stomach and bowel first, so the liver covers them where they would overlap. */
export function drawGut(draw: Draw, { bx, by, cavityA, cavityB }: Frame, { liverZ }: LiverShape): void {
  const { rng, tissue, liverCenterZ } = draw;
  const stomach = new Ellipsoid(
    [bx + 0.4 * cavityA, by - 0.05 * cavityB, liverCenterZ + rng.uniform(-10, 15)],
    [rng.uniform(35, 50), rng.uniform(28, 38), rng.uniform(50, 65)],
    rotationZ(rng.uniform(-0.4, 0.4)),
  );
  addHollowOrgan(draw, 'stomach', stomach, tissue('bowelWall'), tissue('fluid'));
  const bowelCount = rng.int(8, 14);
  for (let i = 0; i < bowelCount; i++) {
    const angle = rng.uniform(-Math.PI, 0); // anterior half of the cavity
    const radial = rng.uniform(0.2, 0.75);
    const loop = new Ellipsoid(
      [
        bx + radial * cavityA * Math.cos(angle),
        by + radial * cavityB * Math.sin(angle) * 0.9,
        liverZ[0] + rng.uniform(-90, 40),
      ],
      [rng.uniform(10, 20), rng.uniform(10, 18), rng.uniform(15, 35)],
      rotationZ(rng.uniform(0, Math.PI)),
    );
    addHollowOrgan(draw, 'bowel', loop, tissue('bowelWall'), tissue('fluid'));
  }
}

/** The liver's lobes painted with its parenchymal texture; returns that texture (lesions carry it too). */
export function drawLiver(
  { rng, parts }: Draw,
  tissues: TissueHu,
  families: Families,
  { rightLobe, leftLobe }: LiverShape,
): Anatomy['parenchymaTexture'] {
  const fineTexture = valueNoise3(rng.nextUint32(), rng.uniform(8, 14));
  let textureHu = rng.uniform(2, 5);
  let liverTexture = fineTexture;
  if (families.parenchyma === 'regional') {
    // Model: slow variation between places (perfusion, fat, fibrosis), 3–9 HU regional SD in
    // HCC009 and HCC048 against 2 HU for the fine texture alone. Own stream: see families.ts.
    const regionalRng = rng.fork('regional-parenchyma');
    const regional = valueNoise3(regionalRng.nextUint32(), regionalRng.uniform(25, 50));
    const regionalHu = regionalRng.uniform(10, 30);
    const fineHu = textureHu;
    liverTexture = (x, y, z) => fineHu * fineTexture(x, y, z) + regionalHu * regional(x, y, z);
    textureHu = 1;
  }
  const liverValue = texturedPerPhase(tissues.liver, liverTexture, textureHu);
  parts.moving('liver right lobe', rightLobe, liverValue);
  parts.moving('liver left lobe', leftLobe, liverValue);
  return { field: liverTexture, amplitudeHu: textureHu };
}

/**
 * Vessels: IVC behind the liver, hepatic veins draining into it at the top, portal vein from
 * the hilum. Vessel trees stay inside the liver. Returns the IVC, painted with the aorta.
 */
export function drawLiverVessels(
  { rng, parts, tissue, liverCenterZ }: Draw,
  { bx, by, cavityA, cavityB, zLo, spineY, vertebraR }: Frame,
  { rightLobe, leftLobe, liverZ }: LiverShape,
): Capsule {
  const anatomyForDepth = { liver: [rightLobe, leftLobe] };
  const ivcX = bx - rng.uniform(18, 28);
  const ivcY = spineY - vertebraR - rng.uniform(10, 16);
  const ivcR = rng.uniform(9, 12);
  const ivc = new Capsule([ivcX, ivcY, zLo], [ivcX, ivcY, liverZ[1] + 20], ivcR, ivcR);
  const hepaticRoot: Vec3 = [ivcX, ivcY - 4, liverZ[1] - rng.uniform(15, 30)];
  const hepaticVeins: Capsule[] = [];
  for (const dir of [
    [-1, -0.35, -0.45],
    [-0.2, -1, -0.4],
    [0.7, -1, -0.3],
  ] as const) {
    growVesselTree(rng, anatomyForDepth, hepaticRoot, normalize(dir), rng.uniform(4.5, 6), 0, hepaticVeins);
  }
  const hilum: Vec3 = [bx - 0.22 * cavityA, by + 0.05 * cavityB, liverCenterZ - rng.uniform(5, 20)];
  const portalStart: Vec3 = [bx - rng.uniform(0, 10), ivcY - ivcR - 14, hilum[2] - rng.uniform(35, 50)];
  const portalR = rng.uniform(6, 8);
  const portalVeins: Capsule[] = [new Capsule(portalStart, hilum, portalR, portalR * 0.95)];
  growVesselTree(rng, anatomyForDepth, hilum, normalize([-1, 0.25, 0.15]), portalR * 0.8, 0, portalVeins);
  growVesselTree(rng, anatomyForDepth, hilum, normalize([1, -0.7, 0.15]), portalR * 0.7, 0, portalVeins);
  for (const vessel of portalVeins) parts.moving('portal vein', vessel, tissue('portalVein'));
  for (const vessel of hepaticVeins) parts.moving('hepatic vein', vessel, tissue('hepaticVein'));
  parts.obstacles.push(portalVeins[0] as Capsule);
  return ivc;
}

/** Gallbladder under the liver's inferior surface (in 7 studies of 10). */
export function drawGallbladder(
  { rng, parts, tissue }: Draw,
  { by, cavityB }: Frame,
  { rightLobe, liverZ }: LiverShape,
): void {
  if (!rng.bernoulli(0.7)) return;
  const gallbladder = new Ellipsoid(
    [rightLobe.center[0] + 0.35 * rightLobe.semiAxes[0], by - 0.45 * cavityB, liverZ[0] + rng.uniform(25, 45)],
    [rng.uniform(12, 18), rng.uniform(12, 18), rng.uniform(28, 40)],
    rotationZ(rng.uniform(0, Math.PI)),
  );
  parts.moving('gallbladder', gallbladder, tissue('fluid'));
  parts.obstacles.push(gallbladder);
}

/** Kidneys: cortex, medulla and sinus fat. Returns the height they are drawn around. */
export function drawKidneys({ rng, parts, tissue, liverCenterZ }: Draw, { bx, spineY }: Frame): number {
  const kidneyZ = liverCenterZ - rng.uniform(45, 65);
  for (const side of [-1, 1]) {
    const center: Vec3 = [
      bx + side * rng.uniform(55, 70),
      spineY + rng.uniform(-5, 8),
      kidneyZ + (side < 0 ? -rng.uniform(5, 20) : 0),
    ];
    const semi: Vec3 = [rng.uniform(25, 30), rng.uniform(20, 25), rng.uniform(50, 60)];
    const frame = rotationZ(side * rng.uniform(0.4, 0.7));
    const cortex = new Ellipsoid(center, semi, frame);
    parts.moving('kidney cortex', cortex, tissue('kidneyCortex'));
    parts.moving(
      'kidney medulla',
      new Ellipsoid(center, [semi[0] * 0.68, semi[1] * 0.68, semi[2] * 0.8], frame),
      tissue('kidneyMedulla'),
    );
    parts.moving(
      'renal sinus',
      new Ellipsoid(
        [center[0] - side * semi[0] * 0.45, center[1], center[2]],
        [semi[0] * 0.35, semi[1] * 0.4, semi[2] * 0.45],
        frame,
      ),
      tissue('fat'),
    );
    parts.obstacles.push(cortex);
  }
  return kidneyZ;
}

/** Spleen, arciform on the arterial phase in half the studies (and always when it is early). */
export function drawSpleen(
  { rng, parts, liverCenterZ }: Draw,
  tissues: TissueHu,
  families: Families,
  { bx, by, cavityA, cavityB }: Frame,
): void {
  const spleen = new Ellipsoid(
    [bx + 0.62 * cavityA, by + 0.42 * cavityB, liverCenterZ + rng.uniform(0, 25)],
    [0.2 * cavityA, 0.32 * cavityB, rng.uniform(45, 60)],
    rotationZ(rng.uniform(0.3, 0.7)),
    lobesOf(rng, 3, 0.05),
  );
  const mottled = rng.bernoulli(0.5);
  const spleenArt = valueNoise3(rng.nextUint32(), rng.uniform(6, 10));
  const spleenValue: Record<Phase, number | ValueFn> = { ...tissues.spleen };
  // Early arterial: the spleen is always arciform, and more so (HCC009 ART spleen SD 35 HU).
  const early = families.arterial === 'early';
  if (mottled || early) {
    const base = tissues.spleen.ART;
    const amplitude = early ? rng.fork('early-spleen').uniform(40, 75) : rng.uniform(15, 30);
    spleenValue.ART = (x, y, z) => base + amplitude * spleenArt(x, y, z);
  }
  parts.moving('spleen', spleen, spleenValue);
  parts.obstacles.push(spleen);
}

/** A hollow organ: enhancing wall, fluid inside, with an air pocket in front (patients lie supine). */
function addHollowOrgan(
  { rng, parts }: Draw,
  name: string,
  outer: Ellipsoid,
  wall: Record<Phase, number>,
  fluid: Record<Phase, number>,
): void {
  const wallMm = rng.uniform(2.5, 4);
  const inner = new Ellipsoid(
    outer.center,
    [outer.semiAxes[0] - wallMm, outer.semiAxes[1] - wallMm, outer.semiAxes[2] - wallMm],
    outer.axes,
  );
  parts.still(name, outer, wall);
  parts.still(`${name} contents`, inner, fluid);
  if (rng.bernoulli(0.6)) {
    const air = -1000 + rng.uniform(0, 50);
    const pocket = new Ellipsoid(
      [inner.center[0], inner.center[1] - inner.semiAxes[1] * 0.45, inner.center[2]],
      [inner.semiAxes[0] * 0.75, inner.semiAxes[1] * 0.45, inner.semiAxes[2] * 0.75],
      inner.axes,
    );
    parts.still(`${name} gas`, pocket, { NC: air, ART: air, PV: air, DL: air });
  }
}

function texturedPerPhase(
  base: Readonly<Record<Phase, number>>,
  texture: (x: number, y: number, z: number) => number,
  amplitude: number,
): Record<Phase, ValueFn> {
  const at =
    (phase: Phase): ValueFn =>
    (x, y, z) =>
      base[phase] + amplitude * texture(x, y, z);
  return { NC: at('NC'), ART: at('ART'), PV: at('PV'), DL: at('DL') };
}

/**
 * Grows a branching vessel tree from `start` along `direction`; a branch ends where it would
 * leave the liver or become thinner than a voxel.
 */
function growVesselTree(
  rng: Rng,
  anatomy: Pick<Anatomy, 'liver'>,
  start: Vec3,
  direction: Vec3,
  radius: number,
  level: number,
  out: Capsule[],
): void {
  if (radius < 1.3 || level > 4) return;
  const bent = normalize([
    direction[0] + rng.uniform(-0.25, 0.25),
    direction[1] + rng.uniform(-0.25, 0.25),
    direction[2] + rng.uniform(-0.2, 0.2),
  ]);
  let length = rng.uniform(18, 34) * Math.pow(radius / 5, 0.3);
  let end: Vec3 = [start[0] + bent[0] * length, start[1] + bent[1] * length, start[2] + bent[2] * length];
  let tries = 0;
  while (liverDepth(anatomy, end) < radius + 3 && tries < 3) {
    length /= 2;
    end = [start[0] + bent[0] * length, start[1] + bent[1] * length, start[2] + bent[2] * length];
    tries++;
  }
  if (liverDepth(anatomy, end) < radius + 3) return;
  const endRadius = radius * 0.85;
  out.push(new Capsule(start, end, radius, endRadius));
  const children = rng.bernoulli(0.25) ? 3 : 2;
  for (let c = 0; c < children; c++) {
    const side = rng.unitVector();
    const angle = rng.uniform(0.4, 0.85);
    const childDir = normalize([
      bent[0] * Math.cos(angle) + side[0] * Math.sin(angle),
      bent[1] * Math.cos(angle) + side[1] * Math.sin(angle),
      bent[2] * Math.cos(angle) + side[2] * Math.sin(angle),
    ]);
    growVesselTree(rng, anatomy, end, childDir, endRadius * rng.uniform(0.68, 0.82), level + 1, out);
  }
}
