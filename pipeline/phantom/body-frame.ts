/** The still frame of the abdomen: body wall, spine and psoas, aorta (and the IVC), ribs. */
import type { Vec3 } from '../../src/core/geometry';
import { Capsule, EllipticCylinder } from './shapes';
import type { Draw, Frame, LiverShape } from './anatomy-parts';

/** Body: an abdominal cavity surrounded by muscle and subcutaneous fat, flat on the table behind. */
export function drawBodyWall({ rng, parts, tissue, liverCenterZ }: Draw): Frame {
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
  parts.still('subcutaneous fat', body, tissue('fat'));
  parts.still(
    'abdominal wall',
    new EllipticCylinder(bx, bodyCy, cavityA + muscle, cavityB + muscle + backExtra, zLo, zHi, tableY - fat),
    tissue('muscle'),
  );
  parts.still('visceral fat', new EllipticCylinder(bx, by, cavityA, cavityB, zLo, zHi), tissue('fat'));

  // Spine behind the cavity's centre, with paraspinal muscles in the back wall.
  const spineY = by + cavityB - 20;
  const vertebraR = rng.uniform(17, 22);
  const canalY = spineY + vertebraR + 9;
  const paraspinalY = canalY + 22;
  const paraspinalSemiY = Math.max(8, Math.min(20, tableY - 4 - paraspinalY));
  for (const side of [-1, 1]) {
    parts.still(
      'paraspinal muscle',
      new EllipticCylinder(bx + side * 32, paraspinalY, 24, paraspinalSemiY, zLo, zHi),
      tissue('muscle'),
    );
  }
  return { bx, by, cavityA, cavityB, muscle, zLo, zHi, body, spineY, vertebraR, canalY };
}

/** Spine: vertebral bodies (cortical shell, cancellous core, discs), canal, posterior elements, psoas. */
export function drawSpine(
  { rng, parts, tissue, liverCenterZ }: Draw,
  { bx, zLo, zHi, spineY, vertebraR, canalY }: Frame,
  kidneyZ: number,
): void {
  const vertebra = new EllipticCylinder(bx, spineY, vertebraR * 1.15, vertebraR, zLo, zHi);
  parts.still('vertebral body', vertebra, tissue('bone'));
  parts.still(
    'cancellous bone',
    new EllipticCylinder(bx, spineY, vertebraR * 1.15 - 2.5, vertebraR - 2.5, zLo, zHi),
    tissue('cancellousBone'),
  );
  parts.still('neural arch', new EllipticCylinder(bx, canalY, 14, 12, zLo, zHi), tissue('bone'));
  parts.still('spinal canal', new EllipticCylinder(bx, canalY, 8.5, 7.5, zLo, zHi), tissue('csf'));
  const spinousR = rng.uniform(5, 6.5);
  parts.still(
    'spinous process',
    new Capsule([bx, canalY + 12, zLo], [bx, canalY + 12, zHi], spinousR, spinousR),
    tissue('bone'),
  );
  parts.obstacles.push(vertebra);
  const discPitch = rng.uniform(28, 34);
  const discOffset = rng.uniform(0, discPitch);
  for (let z = liverCenterZ - 300 + discOffset; z < liverCenterZ + 300; z += discPitch) {
    parts.still('disc', new EllipticCylinder(bx, spineY, vertebraR * 1.15, vertebraR, z - 4, z + 4), tissue('disc'));
  }
  for (const side of [-1, 1]) {
    parts.still(
      'psoas',
      new Capsule([bx + side * 32, spineY - 2, kidneyZ + 40], [bx + side * 48, spineY - 12, kidneyZ - 200], 8, 24),
      tissue('muscle'),
    );
  }
}

/** Aorta to the left of the spine's front, IVC to its right (the IVC moves with the liver). */
export function drawGreatVessels(
  { rng, parts, tissue }: Draw,
  { bx, zLo, zHi, spineY, vertebraR }: Frame,
  ivc: Capsule,
): void {
  const aortaR = rng.uniform(10, 13);
  const aortaX = bx + rng.uniform(5, 18);
  const aortaY = spineY - vertebraR - aortaR - 2;
  const aorta = new Capsule([aortaX, aortaY, zLo], [aortaX, aortaY, zHi], aortaR, aortaR);
  parts.still('aorta', aorta, tissue('aorta'));
  parts.moving('inferior vena cava', ivc, tissue('hepaticVein'));
  parts.obstacles.push(aorta, ivc);
}

/** Ribs: oblique bony tubes in the body wall, descending from back to front, painted over the lesions. */
export function drawRibs(
  { rng, parts, tissue, liverCenterZ }: Draw,
  { bx, by, cavityA, cavityB, muscle }: Frame,
  { liverZ }: LiverShape,
): void {
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
      for (let segment = 0; segment <= segments; segment++) {
        const t = segment / segments;
        const angle = start - side * sweep * t; // the right side (side = -1) sweeps through 180°
        const point: Vec3 = [bx + ribRadiusA * Math.cos(angle), by + ribRadiusB * Math.sin(angle), zr - drop * t];
        if (previous !== null) parts.still('rib', new Capsule(previous, point, 4.5, 4), tissue('bone'), 'foreground');
        previous = point;
      }
    }
  }
}
