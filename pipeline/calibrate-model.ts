/**
 * npm run calibrate-model -- --model public/models/ID --data DATASET [--extra NAME=DATASET,…] [--real NAME=DATASET]
 *                            [--held-out "noise=fine"] [--views N|best]
 *
 * Calibrates a shipped model folder on its dataset's validation split and writes, into its
 * manifest.json, what the page needs to say "no lesion" and "not sure": the temperature (fitted
 * by maximum likelihood on validation), the confidence below which a class is not named (the
 * largest at which "uncertain" leaves at most 2 % more validation lesions unnamed), and the ROI HU range of the
 * training lesions (outside it: "outside what this model was trained on"). Then it measures,
 * through the page's own reading code, what the page would answer on the test split (and on
 * each --extra dataset, every sample): lesion accuracy and recall, lesions refused, normal tissue
 * answered "none". --real names the extra dataset cut from real CT, whose result the page's
 * header quotes. An --extra named held-out-family is the test set rendered with the family named
 * by --held-out, which training never saw: the card's leave-one-family-out table. Writes reliability.png (before/after, test split) and the model card's section.
 * --views N averages N test-time views per ROI (src/core/model/views.ts); `best` tries 1, 2 and 4
 * on validation and keeps the count naming most validation lesions right; without it, the
 * manifest's count. Runs the shipped files in tfjs (WASM), as the browser does.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LESION_CLASSES, NO_LESION, type ModelLabel } from '../src/core/labels';
import { parseManifest } from '../src/core/model/manifest';
import type { InputRange } from '../src/core/model/input-range';
import type { ReadingPolicy } from '../src/core/model/reading';
import { parseArgs } from './args';
import { fitTemperature, lesionInputRange, reliability, type Scored } from './calibration/calibration';
import {
  chooseUncertainBelow,
  decisionMetrics,
  type DecisionMetrics,
  lowestRecall,
  percentText,
  type LabelledOutput,
} from './calibration/decision';
import { reliabilityPng } from './calibration/reliability-png';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { averageViews, checkViewCount, MAX_VIEWS, viewNames } from '../src/core/model/views';
import { labelledOutputs, labelSamples, readDataset, viewOutputs, type Dataset } from './model/dataset-outputs';
import { loadModelFolder, useWasmBackend } from './model/node-graph-model';
import { errorMessage } from '../src/core/error-message';

/** Share of validation lesions that "uncertain" may leave unnamed, beyond the other reasons. */
const UNCERTAIN_BUDGET = 0.02;
/** Bytes (1.57 HU each) added on either side of the training lesions' ROI means. */
const RANGE_MARGIN_BYTES = 8;
const CARD_START = '<!-- calibration: written by npm run calibrate-model -->';
const CARD_END = '<!-- end of calibration -->';

const scored = (samples: readonly LabelledOutput[], outputNames: readonly ModelLabel[]): Scored[] =>
  samples.map((s) => ({ outputs: s.outputs, truth: outputNames.indexOf(s.label) }));

const pct = percentText;

const HELD_OUT_FAMILY = 'held-out-family';

const lowestRecallText = (m: DecisionMetrics): string => {
  const lowest = lowestRecall(m);
  return lowest === null ? '—' : `${lowest.label} ${pct(lowest.recall)}`;
};

/** The three largest outputs, named: "NONE 0.63, HCC 0.34, METS 0.01". */
function topOutputs(outputs: readonly number[], names: readonly string[]): string {
  return outputs
    .map((p, i): [string, number] => [names[i] ?? '?', p])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, p]) => `${name} ${p.toFixed(2)}`)
    .join(', ');
}

/** The issue's headline figures: lesions named, refused, and normal tissue (phantom test split plus real CT) answered "none". */
function overallLines(test: DecisionMetrics, real: DecisionMetrics | undefined): string[] {
  const normal = test.normal + (real?.normal ?? 0);
  const none = test.normalAnsweredNone * test.normal + (real === undefined ? 0 : real.normalAnsweredNone * real.normal);
  return [
    '### In short',
    '',
    `- Test lesions named with their true class: ${pct(test.accuracy)} of ${String(test.lesions)} (lowest recall ${lowestRecallText(test)}); answered "none": ${pct(test.lesionsRefused)}.`,
    `- Normal-tissue ROIs answered "none": ${pct(none / normal)} of ${String(normal)} (${String(test.normal)} on the phantoms' test split${real === undefined ? '' : ` and ${String(real.normal)} on real CT, ${pct(real.normalAnsweredNone)}`}).`,
    ...(real === undefined || real.lesions === 0
      ? []
      : [
          `- Real lesions: ${String(Math.round(real.accuracy * real.lesions))} of ${String(real.lesions)} named with their true class.`,
        ]),
    '',
  ];
}

/** Trained without one rendering family, tested on it alone: does the model generalise beyond what it saw? */
function leaveOneFamilyOut(
  family: string | undefined,
  test: DecisionMetrics,
  heldOut: DecisionMetrics | undefined,
): string[] {
  if (family === undefined || heldOut === undefined) return [];
  return [
    '### Leave one family out',
    '',
    `Trained on phantoms of every rendering family but \`${family}\` (pipeline/phantom/families.ts), then tested on phantoms rendered with \`${family}\` only (the ${HELD_OUT_FAMILY} set below). Lesions named with their true class, as the page answers:`,
    '',
    '| held out of training | test split (families seen) | held-out family | difference | lowest recall, held-out |',
    '| --- | --- | --- | --- | --- |',
    `| \`${family}\` | ${pct(test.accuracy)} (${String(test.lesions)}) | ${pct(heldOut.accuracy)} (${String(heldOut.lesions)}) | ${(100 * (heldOut.accuracy - test.accuracy)).toFixed(1)} points | ${lowestRecallText(heldOut)} |`,
    '',
  ];
}

function decisionLines(name: string, m: DecisionMetrics): string[] {
  const recall = LESION_CLASSES.map((c) => `${c} ${pct(m.perClassRecall[c])}`).join(', ');
  const tissues = Object.entries(m.normalByTissue)
    .sort()
    .map(([t, v]) => `${t} ${String(v.none)}/${String(v.count)}`)
    .join(', ');
  return [
    `### ${name}`,
    '',
    `- Lesions: ${String(m.lesions)}; named with their true class ${pct(m.accuracy)} (recall ${recall}); answered "none" ${pct(m.lesionsRefused)} (no lesion ${String(m.reasons.lesion['no-lesion'])}, uncertain ${String(m.reasons.lesion.uncertain)}, out of distribution ${String(m.reasons.lesion['out-of-distribution'])}); of those named, ${pct(m.namedAccuracy)} right.`,
    ...(m.normal === 0
      ? []
      : [
          `- Normal-tissue ROIs: ${String(m.normal)}; answered "none" ${pct(m.normalAnsweredNone)} (no lesion ${String(m.reasons.normal['no-lesion'])}, uncertain ${String(m.reasons.normal.uncertain)}, out of distribution ${String(m.reasons.normal['out-of-distribution'])}). By tissue (none/all): ${tissues}.`,
        ]),
    '',
  ];
}

interface CalibrationRecord {
  readonly method: string;
  /** Test-time views averaged (src/core/model/views.ts) and how many were chosen. */
  readonly views: number;
  readonly viewsRule: string;
  readonly viewsOnValidation: readonly ViewsTried[];
  readonly temperature: number;
  readonly uncertainBelow: number;
  readonly uncertainRule: string;
  readonly inputRange: InputRange;
  readonly inputRangeRule: string;
  readonly ece: { validation: BeforeAfter; test: BeforeAfter };
  readonly reliabilityDiagram: string;
}

interface ViewsTried {
  readonly views: number;
  readonly temperature: number;
  readonly uncertainBelow: number;
  /** Validation lesions named with their true class, and normal ROIs answered "none", read as the page would. */
  readonly lesionsNamedRight: number;
  readonly normalAnsweredNone: number;
}

/** The view counts `--views best` tries: 1, then every doubling the page can take. */
const VIEW_CHOICES = [1, 2, 4].filter((v) => v <= MAX_VIEWS);

interface BeforeAfter {
  readonly before: number;
  readonly after: number;
}

interface Fitted {
  readonly calibration: CalibrationRecord;
  readonly policy: ReadingPolicy;
  readonly decision: DecisionMetrics;
  /** The datasets measured before this run, kept as the manifest has them (--keep-calibration). */
  readonly earlierExtras: Record<string, DecisionMetrics>;
}

/** The temperature and the "uncertain" threshold fitted on validation samples. */
function fitReading(
  validation: readonly LabelledOutput[],
  base: Omit<ReadingPolicy, 'uncertainBelow' | 'temperature'>,
  outputNames: readonly ModelLabel[],
): ReadingPolicy {
  const temperature = fitTemperature(scored(validation, outputNames));
  const uncertainBelow = chooseUncertainBelow(validation, { ...base, temperature }, UNCERTAIN_BUDGET);
  return { ...base, temperature, uncertainBelow };
}

/**
 * `--views best`: each view count read the page's way on validation, with its own temperature and
 * threshold; the count that names most validation lesions right wins, the fewer on a tie (each view
 * costs the page another input per classification).
 */
function chooseViews(
  model: GraphModel,
  dataset: Dataset,
  base: Omit<ReadingPolicy, 'uncertainBelow' | 'temperature'>,
  outputNames: readonly ModelLabel[],
): { views: number; tried: ViewsTried[] } {
  const which = dataset.index.samples.flatMap((s, n) => (s.split === 'val' ? [n] : []));
  const perView = viewOutputs(model, dataset, which, Math.max(...VIEW_CHOICES));
  const tried = VIEW_CHOICES.map((views): ViewsTried => {
    const validation = labelSamples(
      dataset,
      which,
      perView.map((outputs) => averageViews(outputs.slice(0, views))),
    );
    const policy = fitReading(validation, base, outputNames);
    const m = decisionMetrics(validation, policy);
    return {
      views,
      temperature: policy.temperature,
      uncertainBelow: policy.uncertainBelow,
      lesionsNamedRight: m.accuracy,
      normalAnsweredNone: m.normalAnsweredNone,
    };
  });
  const best = tried.reduce((a, b) => (b.lesionsNamedRight > a.lesionsNamedRight ? b : a));
  for (const t of tried)
    console.error(
      `views ${String(t.views)}: validation lesions named right ${pct(t.lesionsNamedRight)}, normal "none" ${pct(t.normalAnsweredNone)} (T ${t.temperature.toFixed(3)}, uncertain below ${pct(t.uncertainBelow)})`,
    );
  return { views: best.views, tried };
}

/** Fits the temperature and thresholds on --data's validation split and measures its test split; draws reliability.png. */
async function fitOnDataset(
  modelDir: string,
  dataDir: string,
  json: Record<string, unknown>,
  model: GraphModel,
  viewsArg: string | undefined,
  outputNames: readonly ModelLabel[],
): Promise<Fitted> {
  const manifest = parseManifest(json);
  const { classes, noLesionOutput } = manifest.reading;
  const dataset = await readDataset(dataDir);
  const trainingLesions = dataset.index.samples.filter((s) => s.split === 'train' && s.label !== NO_LESION);
  const inputRange = lesionInputRange(
    trainingLesions.map((s) => s.roiMeans ?? []),
    RANGE_MARGIN_BYTES,
  );
  const readingBase = { classes, noLesionOutput, inputRange };
  const chosen =
    viewsArg === 'best'
      ? chooseViews(model, dataset, readingBase, outputNames)
      : { views: viewsArg === undefined ? manifest.views : Number(viewsArg), tried: [] };
  const { views } = chosen;
  checkViewCount(views);
  const samplesOf = (split: string) =>
    labelledOutputs(
      model,
      dataset,
      dataset.index.samples.flatMap((s, n) => (s.split === split ? [n] : [])),
      views,
    );
  const validation = samplesOf('val');
  const test = samplesOf('test');
  const policy = fitReading(validation, readingBase, outputNames);
  const { temperature, uncertainBelow } = policy;
  const curve = (samples: readonly LabelledOutput[], t: number) => reliability(scored(samples, outputNames), t);
  const ece = {
    validation: { before: curve(validation, 1).ece, after: curve(validation, temperature).ece },
    test: { before: curve(test, 1).ece, after: curve(test, temperature).ece },
  };
  await writeFile(
    join(modelDir, 'reliability.png'),
    reliabilityPng([
      { title: 'TEST: RAW OUTPUTS', ...curve(test, 1) },
      { title: `TEST: T = ${temperature.toFixed(2)}`, ...curve(test, temperature) },
    ]),
  );
  const calibration: CalibrationRecord = {
    method: `temperature scaling, fitted by maximum likelihood on the validation split (${String(validation.length)} samples)`,
    views,
    viewsRule:
      chosen.tried.length === 0
        ? `${String(views)} test-time view${views === 1 ? '' : 's'}, as asked (--views)`
        : `of ${VIEW_CHOICES.join(', ')} test-time views, the count naming most validation lesions right as the page reads them (each with its own temperature and threshold), the fewer on a tie`,
    viewsOnValidation: chosen.tried,
    temperature,
    uncertainBelow,
    uncertainRule: `largest threshold (0..0.9) at which "uncertain" leaves at most ${String(100 * UNCERTAIN_BUDGET)} % more of the validation lesions unnamed than the other reasons do`,
    inputRange,
    inputRangeRule: `per channel, the training lesions' mean ROI byte ± ${String(RANGE_MARGIN_BYTES)} (roiDiscMeans)`,
    ece,
    reliabilityDiagram: 'reliability.png',
  };
  return { calibration, policy, decision: decisionMetrics(test, policy), earlierExtras: {} };
}

/**
 * The calibration and test-split figures as the manifest already has them: for measuring another
 * dataset (a corrected real-CT ROI file) when the model's own dataset is no longer at hand.
 */
function keptFromManifest(json: Record<string, unknown>): Fitted {
  const metrics = json.metrics as { decision?: DecisionMetrics; decisionExtra?: Record<string, DecisionMetrics> };
  if (json.calibration === undefined || metrics.decision === undefined)
    throw new Error('--keep-calibration needs a manifest that calibrate-model has written before');
  const { views } = parseManifest(json);
  // A manifest calibrated before the views has no views fields.
  const kept = json.calibration as Omit<CalibrationRecord, 'views' | 'viewsRule' | 'viewsOnValidation'> &
    Partial<CalibrationRecord>;
  return {
    calibration: {
      ...kept,
      views,
      viewsRule: kept.viewsRule ?? `${String(views)} test-time view${views === 1 ? '' : 's'}`,
      viewsOnValidation: kept.viewsOnValidation ?? [],
    },
    policy: parseManifest(json).reading,
    decision: metrics.decision,
    earlierExtras: metrics.decisionExtra ?? {},
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    model: 'string',
    data: 'string',
    extra: 'string',
    real: 'string',
    'held-out': 'string',
    'keep-calibration': 'boolean',
    views: 'string',
  });
  const keep = args['keep-calibration'] === true;
  if (args.model === undefined || (args.data === undefined) === !keep)
    throw new Error(
      'usage: npm run calibrate-model -- --model DIR (--data DATASET | --keep-calibration) [--extra NAME=DATASET,NAME=DATASET] [--real NAME=DATASET]',
    );
  const manifestPath = join(args.model, 'manifest.json');
  const json = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  const { classes, noLesionOutput } = parseManifest(json).reading;
  const outputNames: ModelLabel[] = [...classes, ...(noLesionOutput ? [NO_LESION] : [])];
  await useWasmBackend();
  const model = await loadModelFolder(args.model);
  const { calibration, policy, decision, earlierExtras } =
    args.data === undefined
      ? keptFromManifest(json)
      : await fitOnDataset(args.model, args.data, json, model, args.views, outputNames);
  const samplesOf = (d: Dataset): LabelledOutput[] =>
    labelledOutputs(
      model,
      d,
      d.index.samples.map((_, n) => n),
      calibration.views,
    );
  const extras: Record<string, DecisionMetrics> = { ...earlierExtras };
  const named = (entry: string): [string, string] => {
    const [name, dir] = entry.split('=');
    if (name === undefined || dir === undefined) throw new Error(`--extra and --real take NAME=DATASET (got ${entry})`);
    return [name, dir];
  };
  const entries = [...(args.extra ?? '').split(','), args.real ?? ''].filter((e) => e !== '').map(named);
  const previousReal = (json.metrics as { realCt?: { name?: string } } | undefined)?.realCt?.name;
  const realName = args.real === undefined ? (keep ? previousReal : undefined) : named(args.real)[0];
  let realLesions: LabelledOutput[] = [];
  for (const [name, dir] of entries) {
    const samples = samplesOf(await readDataset(dir));
    extras[name] = decisionMetrics(samples, policy);
    if (name === realName) realLesions = samples.filter((s) => s.label !== NO_LESION);
  }
  const real = realName === undefined ? undefined : extras[realName];
  const realCt =
    real === undefined
      ? undefined
      : {
          name: realName,
          normal: real.normal,
          normalAnsweredNone: Math.round(real.normalAnsweredNone * real.normal),
          lesions: real.lesions,
          lesionsNamedRight: Math.round(real.accuracy * real.lesions),
        };
  model.dispose();

  // The manifest's headline metrics become what the page answers on test lesions (docs/architecture.md's
  // accuracy, recall, confusion matrix, test-set size); the raw argmax over the outputs stays
  // under `outputs`, as training/ship.py measured it.
  const { outputs: earlier, ...shipped } = (json.metrics ?? {}) as Record<string, unknown>;
  const metrics = {
    ...shipped,
    accuracy: decision.accuracy,
    perClassRecall: decision.perClassRecall,
    confusionMatrix: decision.confusionMatrix,
    confusionColumns: [...LESION_CLASSES, 'none'],
    testSetSize: decision.lesions,
    split: 'test split of the training data (studies never seen in training); answers as the page gives them',
    decision,
    decisionExtra: extras,
    ...(realCt === undefined ? {} : { realCt }),
    outputs: earlier ?? {
      accuracy: shipped.accuracy,
      perClassRecall: shipped.perClassRecall,
      confusionMatrix: shipped.confusionMatrix,
      testSetSize: shipped.testSetSize,
      note: 'argmax over every output (lesion classes and NONE), test split, tfjs',
    },
  };
  await writeFile(manifestPath, `${JSON.stringify({ ...json, calibration, metrics }, null, 1)}\n`);
  const { temperature, uncertainBelow, inputRange, ece } = calibration;

  const section = [
    CARD_START,
    '## What the page answers: no lesion, uncertain, calibrated',
    '',
    `The page names a lesion class only when the model is sure enough and the ROI looks like what it was trained on; otherwise it answers "none" (\`data-predicted="none"\`) with a reason: **no-lesion** (the model's "no focal lesion" output is the most probable), **uncertain** (no answer reaches ${pct(uncertainBelow)} after calibration; the page names the top two), **out-of-distribution** (the ROI's mean on some phase lies outside what every training lesion had, e.g. air, fat or bone).`,
    '',
    `- Calibration: ${calibration.method}: T = ${temperature.toFixed(3)}. Expected calibration error (10 bins, top-1 confidence over all outputs): validation ${pct(ece.validation.before)} → ${pct(ece.validation.after)}, test ${pct(ece.test.before)} → ${pct(ece.test.after)}. Reliability diagram: [reliability.png](reliability.png).`,
    `- Test-time views: each ROI's patch is read ${calibration.views === 1 ? 'once, as drawn' : `${String(calibration.views)} times (${viewNames(calibration.views).join(', ')}) and the outputs averaged`}; ${calibration.viewsRule}.${calibration.viewsOnValidation.length === 0 ? '' : ` On validation: ${calibration.viewsOnValidation.map((t) => `${String(t.views)} view${t.views === 1 ? '' : 's'} ${pct(t.lesionsNamedRight)} of lesions named right, normal "none" ${pct(t.normalAnsweredNone)}`).join('; ')}.`} The heatmap explains the patch as drawn (one view).`,
    `- Uncertain below ${pct(uncertainBelow)}: the ${calibration.uncertainRule}.`,
    `- Input range (bytes of the HU window, NC/ART/PV): ${inputRange.map((r) => `${r[0].toFixed(0)}–${r[1].toFixed(0)}`).join(', ')}.`,
    '',
    ...overallLines(decision, real),
    ...leaveOneFamilyOut(args['held-out'], decision, extras[HELD_OUT_FAMILY]),
    ...decisionLines('Test split (studies never seen in training)', decision),
    ...Object.entries(extras).flatMap(([name, m]) =>
      decisionLines(
        name === realName
          ? `Real CT: ${name} (ROIs placed by eye; pipeline/real-ct/hcc009-rois.json says how each was drawn)`
          : name,
        m,
      ),
    ),
    ...realLesions.map(
      (s) =>
        `- Real ${s.label} ROI ${s.id ?? ''} (radius ${String(s.radiusMm ?? '?')} mm), the model's outputs before calibration: ${topOutputs(s.outputs, outputNames)}.`,
    ),
    CARD_END,
  ];
  const cardPath = join(args.model, 'MODEL_CARD.md');
  const card = await readFile(cardPath, 'utf8');
  const start = card.indexOf(CARD_START);
  const end = card.indexOf(CARD_END);
  const kept = start < 0 ? card.trimEnd() : (card.slice(0, start) + card.slice(end + CARD_END.length)).trimEnd();
  await writeFile(cardPath, `${kept}\n\n${section.join('\n')}\n`);
  console.log(section.join('\n'));
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
