/**
 * npm run phantoms -- --out DIR [--studies N | --per-class N] [--seed S] [--classes CYST,FNH,…]
 *                     [--size 512] [--slices 48] [--thickness MM] [--workers N]
 *                     [--variation specification|wide] [--families axis=value,axis!=value]
 *                     [--art-pv-one-series] [--multi-frame enhanced|legacy]
 *
 * Writes multi-phase liver CT phantoms (docs/phantom-specification.md) as DICOM, one folder per
 * study with one series per phase and an annotations.json; with --art-pv-one-series the arterial
 * and portal-venous acquisitions share one series, as TCIA's "LIVER 3 PHASE" series do; with --multi-frame each series (each acquisition) is
 * one Enhanced CT or Legacy Converted Enhanced CT file. The same arguments give byte-identical files.
 */
import { LESION_CLASSES, isLesionClass, type LesionClass } from '../src/core/labels';
import { parseArgs } from './args';
import { generateStudies } from './phantom/generate';
import { familiesText, parseFamilyRules, VARIATIONS, type Variation } from './phantom/families';
import { ACQUISITION } from './phantom/spec';
import { errorMessage } from '../src/core/error-message';

const USAGE =
  'usage: npm run phantoms -- --out DIR [--studies N | --per-class N] [--seed S] [--classes CYST,FNH,HCC,HEM,METS] [--size 512] [--slices 48] [--thickness MM] [--workers N] [--variation specification|wide] [--families axis=value,axis!=value] [--art-pv-one-series] [--multi-frame enhanced|legacy]';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    out: 'string',
    studies: 'number',
    'per-class': 'number',
    seed: 'string',
    classes: 'string',
    size: 'number',
    slices: 'number',
    thickness: 'number',
    workers: 'number',
    variation: 'string',
    families: 'string',
    'art-pv-one-series': 'boolean',
    'multi-frame': 'string',
    help: 'boolean',
  });
  if (args.help === true) {
    console.log(USAGE);
    return;
  }
  if (args.out === undefined) throw new Error(`--out is required\n${USAGE}`);
  const classes = parseClasses(args.classes);
  const size = args.size;
  if (size !== undefined && (!Number.isInteger(size) || size < 32 || size > 1024))
    throw new Error('--size must be an integer in 32…1024');
  const slices = args.slices;
  if (slices !== undefined && (!Number.isInteger(slices) || slices < 4 || slices > 1000))
    throw new Error('--slices must be an integer in 4…1000');
  const thickness = args.thickness;
  if (thickness !== undefined && !(ACQUISITION.sliceThicknessMm as readonly number[]).includes(thickness)) {
    throw new Error(`--thickness must be one of ${ACQUISITION.sliceThicknessMm.join(', ')} mm`);
  }
  const studies = args.studies;
  if (studies !== undefined && (!Number.isInteger(studies) || studies < 1))
    throw new Error('--studies must be a positive integer');
  const variation = args.variation ?? 'specification';
  if (!(VARIATIONS as readonly string[]).includes(variation)) {
    throw new Error(`--variation must be one of ${VARIATIONS.join(', ')}`);
  }
  const familyRules = parseFamilyRules(args.families);
  const multiFrame = args['multi-frame'];
  if (multiFrame !== undefined && multiFrame !== 'enhanced' && multiFrame !== 'legacy') {
    throw new Error('--multi-frame must be enhanced or legacy');
  }
  const started = performance.now();
  const result = await generateStudies({
    outDir: args.out,
    seed: args.seed ?? '1',
    classes,
    ...(studies === undefined ? {} : { studies }),
    ...(args['per-class'] === undefined ? {} : { perClass: args['per-class'] }),
    ...(size === undefined ? {} : { size }),
    ...(slices === undefined ? {} : { slices }),
    ...(thickness === undefined ? {} : { sliceThicknessMm: thickness }),
    ...(args.workers === undefined ? {} : { workers: args.workers }),
    variation: variation as Variation,
    familyRules,
    ...(args['art-pv-one-series'] === true ? { arterialAndPortalInOneSeries: true } : {}),
    ...(multiFrame === undefined ? {} : { multiFrame }),
  });
  const counts = new Map<LesionClass, number>(LESION_CLASSES.map((c) => [c, 0]));
  for (const study of result.studies) {
    for (const lesion of study.lesions) counts.set(lesion.label, (counts.get(lesion.label) ?? 0) + 1);
    console.log(
      `${study.name}: ${study.lesions.map((l) => `${l.id} ${l.label} ${l.diameterMm.toFixed(0)}mm`).join(', ')}` +
        (variation === 'specification' ? '' : ` (${familiesText(study.families)})`),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `wrote ${result.studies.length} studies, ${result.files} files to ${args.out} in ${seconds.toFixed(1)} s; lesions: ${[
      ...counts,
    ]
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}`,
  );
}

function parseClasses(text: string | undefined): LesionClass[] {
  if (text === undefined) return [...LESION_CLASSES];
  const names = text
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '');
  const bad = names.filter((n) => !isLesionClass(n));
  if (bad.length > 0 || names.length === 0)
    throw new Error(`--classes takes a comma-separated list of ${LESION_CLASSES.join(', ')} (got "${text}")`);
  return [...new Set(names)] as LesionClass[];
}

main().catch((error: unknown) => {
  console.error(`phantoms: ${errorMessage(error)}`);
  process.exit(1);
});
