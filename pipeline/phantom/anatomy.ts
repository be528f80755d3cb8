/**
 * The abdomen of one phantom study: body wall, muscles, spine and ribs, aorta and IVC, liver with
 * portal and hepatic vein trees, gallbladder, spleen, kidneys, stomach and bowel, as shapes in
 * patient mm (LPS), listed in paint order. Sizes and positions are drawn per study.
 */
import { normalize, type Vec3 } from '../../src/core/geometry';
import type { Phase } from '../../src/core/labels';
import type { Rng } from '../../src/core/random';
import type { ValueFn } from './paint';
import { Capsule, Ellipsoid, EllipticCylinder, type Surface } from './shapes';
import type { Tissue } from './spec';
import { SPECIFICATION_FAMILIES, type Families } from './families';
import { valueNoise3 } from './texture';
import type { TissueHu } from './tissues';

export interface Part {
  readonly name: string;
  readonly surface: Surface;
  /** Moves with breathing: shifted rigidly per phase together with the liver. */
  readonly mobile: boolean;
  readonly value: Readonly<Record<Phase, number | ValueFn>>;
}

export interface Anatomy {
  /** Everything painted before the lesions. */
  readonly background: readonly Part[];
  /** Painted after the lesions (ribs lie outside the liver anyway). */
  readonly foreground: readonly Part[];
  readonly body: Surface;
  readonly liver: readonly Ellipsoid[];
  /** Organs and vessels a lesion must not overlap. */
  readonly obstacles: readonly Surface[];
  readonly liverZ: readonly [number, number];
  /** The liver's parenchymal texture; lesions carry the same texture (docs/phantom-specification.md). */
  readonly parenchymaTexture: {
    readonly field: (x: number, y: number, z: number) => number;
    readonly amplitudeHu: number;
  };
}

const scratch = new Float64Array(1);

/** Distance (mm) from `p` to the liver surface, positive inside. */
export function liverDepth(anatomy: Pick<Anatomy, 'liver'>, p: Vec3): number {
  let depth = Number.NEGATIVE_INFINITY;
  for (const lobe of anatomy.liver) depth = Math.max(depth, -lobe.signedDistance(p[0], p[1], p[2], scratch));
  return depth;
}

export function buildAnatomy(
  rng: Rng,
  tissues: TissueHu,
  liverCenterZ: number,
  families: Families = SPECIFICATION_FAMILIES,
): Anatomy {
  const tissue = (name: Tissue): Record<Phase, number> => ({ ...tissues[name] });
  const background: Part[] = [];
  const foreground: Part[] = [];
  const obstacles: Surface[] = [];
  const add = (name: string, surface: Surface, value: Part['value'], mobile: boolean, list = background): void => {
    list.push({ name, surface, value, mobile });
  };

  // Body: an abdominal cavity surrounded by muscle and subcutaneous fat, flat on the table behind.
  const bx = rng.uniform(-10, 10);
  const by = rng.uniform(-15, 15);
  const cavityA = rng.uniform(115, 150);
  const cavityB = rng.uniform(75, 95);
  const fat = rng.uniform(10, 35);
  const muscle = rng.uniform(8, 14);
  const zLo = liverCenterZ - 600;
  const zHi = liverCenterZ + 600;
  const backExtra = 14;
  const bodyB = cavityB + fat + muscle + backExtra;
  const bodyCy = by + backExtra;
  const tableY = bodyCy + 0.9 * bodyB;
  const body = new EllipticCylinder(bx, bodyCy, cavityA + fat + muscle, bodyB, zLo, zHi, tableY);
  add('subcutaneous fat', body, tissue('fat'), false);
  add(
    'abdominal wall',
    new EllipticCylinder(bx, bodyCy, cavityA + muscle, cavityB + muscle + backExtra, zLo, zHi, tableY - fat),
    tissue('muscle'),
    false,
  );
  add('visceral fat', new EllipticCylinder(bx, by, cavityA, cavityB, zLo, zHi), tissue('fat'), false);

  // Spine behind the cavity's centre, with paraspinal muscles in the back wall.
  const spineY = by + cavityB - 20;
  const vertebraR = rng.uniform(17, 22);
  const canalY = spineY + vertebraR + 9;
  const paraspinalY = canalY + 22;
  const paraspinalSemiY = Math.max(8, Math.min(20, tableY - 4 - paraspinalY));
  for (const side of [-1, 1]) {
    add(
      'paraspinal muscle',
      new EllipticCylinder(bx + side * 32, paraspinalY, 24, paraspinalSemiY, zLo, zHi),
      tissue('muscle'),
      false,
    );
  }

  // Liver: a large right lobe and a smaller left lobe reaching across the midline, lobulated.
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
  const liverParts = [rightLobe, leftLobe];
  const liverZ: [number, number] = [liverCenterZ - ccRight, liverCenterZ + ccRight];

  // Stomach and bowel first, so the liver covers them where they would overlap.
  const stomach = new Ellipsoid(
    [bx + 0.4 * cavityA, by - 0.05 * cavityB, liverCenterZ + rng.uniform(-10, 15)],
    [rng.uniform(35, 50), rng.uniform(28, 38), rng.uniform(50, 65)],
    rotationZ(rng.uniform(-0.4, 0.4)),
  );
  addHollowOrgan(add, 'stomach', stomach, tissue('bowelWall'), tissue('fluid'), rng);
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
    addHollowOrgan(add, 'bowel', loop, tissue('bowelWall'), tissue('fluid'), rng);
  }

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
  add('liver right lobe', rightLobe, liverValue, true);
  add('liver left lobe', leftLobe, liverValue, true);
  const anatomyForDepth = { liver: liverParts };

  // Vessels: IVC behind the liver, hepatic veins draining into it at the top, portal vein from
  // the hilum. Vessel trees stay inside the liver.
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
  for (const vessel of portalVeins) add('portal vein', vessel, tissue('portalVein'), true);
  for (const vessel of hepaticVeins) add('hepatic vein', vessel, tissue('hepaticVein'), true);
  obstacles.push(portalVeins[0] as Capsule);

  // Gallbladder under the liver's inferior surface.
  if (rng.bernoulli(0.7)) {
    const gallbladder = new Ellipsoid(
      [rightLobe.center[0] + 0.35 * rightLobe.semiAxes[0], by - 0.45 * cavityB, liverZ[0] + rng.uniform(25, 45)],
      [rng.uniform(12, 18), rng.uniform(12, 18), rng.uniform(28, 40)],
      rotationZ(rng.uniform(0, Math.PI)),
    );
    add('gallbladder', gallbladder, tissue('fluid'), true);
    obstacles.push(gallbladder);
  }

  // Kidneys (cortex, medulla, sinus fat), spleen.
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
    add('kidney cortex', cortex, tissue('kidneyCortex'), true);
    add(
      'kidney medulla',
      new Ellipsoid(center, [semi[0] * 0.68, semi[1] * 0.68, semi[2] * 0.8], frame),
      tissue('kidneyMedulla'),
      true,
    );
    add(
      'renal sinus',
      new Ellipsoid(
        [center[0] - side * semi[0] * 0.45, center[1], center[2]],
        [semi[0] * 0.35, semi[1] * 0.4, semi[2] * 0.45],
        frame,
      ),
      tissue('fat'),
      true,
    );
    obstacles.push(cortex);
  }
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
  add('spleen', spleen, spleenValue, true);
  obstacles.push(spleen);

  // Spine: vertebral bodies (cortical shell, cancellous core, discs), canal, posterior elements.
  const vertebra = new EllipticCylinder(bx, spineY, vertebraR * 1.15, vertebraR, zLo, zHi);
  add('vertebral body', vertebra, tissue('bone'), false);
  add(
    'cancellous bone',
    new EllipticCylinder(bx, spineY, vertebraR * 1.15 - 2.5, vertebraR - 2.5, zLo, zHi),
    tissue('cancellousBone'),
    false,
  );
  add('neural arch', new EllipticCylinder(bx, canalY, 14, 12, zLo, zHi), tissue('bone'), false);
  add('spinal canal', new EllipticCylinder(bx, canalY, 8.5, 7.5, zLo, zHi), tissue('csf'), false);
  const spinousR = rng.uniform(5, 6.5);
  add(
    'spinous process',
    new Capsule([bx, canalY + 12, zLo], [bx, canalY + 12, zHi], spinousR, spinousR),
    tissue('bone'),
    false,
  );
  obstacles.push(vertebra);
  const discPitch = rng.uniform(28, 34);
  const discOffset = rng.uniform(0, discPitch);
  for (let z = liverCenterZ - 300 + discOffset; z < liverCenterZ + 300; z += discPitch) {
    add('disc', new EllipticCylinder(bx, spineY, vertebraR * 1.15, vertebraR, z - 4, z + 4), tissue('disc'), false);
  }
  for (const side of [-1, 1]) {
    add(
      'psoas',
      new Capsule([bx + side * 32, spineY - 2, kidneyZ + 40], [bx + side * 48, spineY - 12, kidneyZ - 200], 8, 24),
      tissue('muscle'),
      false,
    );
  }

  // Aorta to the left of the spine's front, IVC to its right (IVC moves with the liver).
  const aortaR = rng.uniform(10, 13);
  const aortaX = bx + rng.uniform(5, 18);
  const aortaY = spineY - vertebraR - aortaR - 2;
  const aorta = new Capsule([aortaX, aortaY, zLo], [aortaX, aortaY, zHi], aortaR, aortaR);
  add('aorta', aorta, tissue('aorta'), false);
  add('inferior vena cava', ivc, tissue('hepaticVein'), true);
  obstacles.push(aorta, ivc);

  // Ribs: oblique bony tubes in the body wall, descending from back to front.
  const ribRadiusA = cavityA + muscle * 0.5;
  const ribRadiusB = cavityB + muscle * 0.5;
  const ribPitch = rng.uniform(24, 30);
  for (let zr = liverZ[1] + 40; zr > liverCenterZ - 70; zr -= ribPitch) {
    for (const side of [-1, 1]) {
      const floating = zr < liverCenterZ - 30;
      const start = Math.PI / 2 + side * -0.35; // posterior, beside the spine
      const sweep = floating ? rng.uniform(1.0, 1.5) : rng.uniform(2.2, 2.7);
      const drop = rng.uniform(70, 110);
      const segments = 7;
      let previous: Vec3 | null = null;
      for (let s = 0; s <= segments; s++) {
        const t = s / segments;
        const angle = start - side * sweep * t; // the right side (side = -1) sweeps through 180°
        const point: Vec3 = [bx + ribRadiusA * Math.cos(angle), by + ribRadiusB * Math.sin(angle), zr - drop * t];
        if (previous !== null) add('rib', new Capsule(previous, point, 4.5, 4), tissue('bone'), false, foreground);
        previous = point;
      }
    }
  }

  return {
    background,
    foreground,
    body,
    liver: liverParts,
    obstacles,
    liverZ,
    parenchymaTexture: { field: liverTexture, amplitudeHu: textureHu },
  };
}

type AddPart = (name: string, surface: Surface, value: Part['value'], mobile: boolean) => void;

/** A hollow organ: enhancing wall, fluid inside, with an air pocket in front (patients lie supine). */
function addHollowOrgan(
  add: AddPart,
  name: string,
  outer: Ellipsoid,
  wall: Record<Phase, number>,
  fluid: Record<Phase, number>,
  rng: Rng,
): void {
  const wallMm = rng.uniform(2.5, 4);
  const inner = new Ellipsoid(
    outer.center,
    [outer.semiAxes[0] - wallMm, outer.semiAxes[1] - wallMm, outer.semiAxes[2] - wallMm],
    outer.axes,
  );
  add(name, outer, wall, false);
  add(`${name} contents`, inner, fluid, false);
  if (rng.bernoulli(0.6)) {
    const air = -1000 + rng.uniform(0, 50);
    const pocket = new Ellipsoid(
      [inner.center[0], inner.center[1] - inner.semiAxes[1] * 0.45, inner.center[2]],
      [inner.semiAxes[0] * 0.75, inner.semiAxes[1] * 0.45, inner.semiAxes[2] * 0.75],
      inner.axes,
    );
    add(`${name} gas`, pocket, { NC: air, ART: air, PV: air, DL: air }, false);
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

function lobesOf(
  rng: Rng,
  count: number,
  amplitude: number,
): { direction: Vec3; amplitude: number; sharpness: number }[] {
  return Array.from({ length: count }, () => ({
    direction: rng.unitVector(),
    amplitude: rng.uniform(0.3, 1) * amplitude,
    sharpness: rng.uniform(2, 5),
  }));
}

function rotationZ(angle: number): [Vec3, Vec3, Vec3] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [
    [c, s, 0],
    [-s, c, 0],
    [0, 0, 1],
  ];
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
