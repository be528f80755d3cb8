/**
 * The abdomen of one phantom study: body wall, muscles, spine and ribs, aorta and IVC, liver with
 * portal and hepatic vein trees, gallbladder, spleen, kidneys, stomach and bowel, as shapes in
 * patient mm (LPS), listed in paint order. Sizes and positions are drawn per study.
 */
import type { Rng } from '../../src/core/random';
import { SPECIFICATION_FAMILIES, type Families } from './families';
import type { TissueHu } from './tissues';
import { Parts, type Anatomy, type Draw } from './anatomy-parts';
import { drawBodyWall, drawGreatVessels, drawRibs, drawSpine } from './body-frame';
import { drawGallbladder, drawGut, drawKidneys, drawLiver, drawLiverVessels, drawSpleen, shapeLiver } from './organs';

export { liverDepth, type Anatomy, type Part } from './anatomy-parts';

export function buildAnatomy(
  rng: Rng,
  tissues: TissueHu,
  liverCenterZ: number,
  families: Families = SPECIFICATION_FAMILIES,
): Anatomy {
  const parts = new Parts();
  const draw: Draw = { rng, parts, tissue: (name) => ({ ...tissues[name] }), liverCenterZ };
  // The sections run in this order, each drawing from `rng` in turn: reordering them changes every phantom.
  const frame = drawBodyWall(draw);
  const liver = shapeLiver(draw, frame);
  drawGut(draw, frame, liver);
  const parenchymaTexture = drawLiver(draw, tissues, families, liver);
  const ivc = drawLiverVessels(draw, frame, liver);
  drawGallbladder(draw, frame, liver);
  const kidneyZ = drawKidneys(draw, frame);
  drawSpleen(draw, tissues, families, frame);
  drawSpine(draw, frame, kidneyZ);
  drawGreatVessels(draw, frame, ivc);
  drawRibs(draw, frame, liver);
  return {
    background: parts.background,
    foreground: parts.foreground,
    body: frame.body,
    liver: [liver.rightLobe, liver.leftLobe],
    obstacles: parts.obstacles,
    liverZ: liver.liverZ,
    parenchymaTexture,
  };
}
