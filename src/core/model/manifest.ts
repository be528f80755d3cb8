/**
 * A model folder's manifest.json (docs/architecture.md, "Model folder"), validated: everything the app needs
 * to crop, normalise and read a model comes from here, nothing is hard-coded.
 */
import { NO_LESION, isLesionClass, isPhase, type LesionClass, type Phase } from '../labels';
import type { CropSpec } from '../roi/crop';
import type { InputRange } from './input-range';
import type { ReadingPolicy } from './reading';
import { MAX_VIEWS } from './views';

export interface ModelManifest {
  readonly id: string;
  readonly modelUrl: string;
  readonly classes: readonly LesionClass[];
  readonly phases: readonly Phase[];
  readonly crop: CropSpec;
  readonly accuracy: number | undefined;
  readonly testSetSize: number | undefined;
  readonly trainingData: string;
  /** What identifies this build of the model: `version` if the manifest has one, else its training date. */
  readonly version: string;
  readonly intendedUse: string;
  readonly modelCard: string | undefined;
  /** How its outputs become what the page says (reading.ts). */
  readonly reading: ReadingPolicy;
  /** Test-time views averaged per classification (views.ts): as many as the calibration was fitted on. */
  readonly views: number;
  /** Labelled in the page as calibrated only when the manifest carries a fitted temperature. */
  readonly calibrated: boolean;
  /** What the page answered on ROIs of real CT (`metrics.realCt`, written by npm run calibrate-model). */
  readonly realCheck: RealCheck | undefined;
}

export interface RealCheck {
  readonly name: string;
  readonly normal: number;
  readonly normalAnsweredNone: number;
  readonly lesions: number;
  readonly lesionsNamedRight: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumberArray = (v: unknown, length: number): v is number[] =>
  Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Throws an Error naming the first thing wrong with the manifest. */
export function parseManifest(json: unknown): ModelManifest {
  const fail = (what: string): never => {
    throw new Error(`model manifest: ${what}`);
  };
  if (!isRecord(json)) return fail('expected a JSON object');
  const { id, classes, phases, inputSize, huWindow, normalization, contextMargin, metrics, training, intendedUse } =
    json;
  if (typeof id !== 'string' || id === '') fail('"id" must be a non-empty string');
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every(isLesionClass)) {
    fail('"classes" must list lesion classes (CYST, FNH, HCC, HEM, METS)');
  }
  if (!Array.isArray(phases) || phases.length !== 3 || !phases.every(isPhase)) fail('"phases" must list 3 phases');
  if (!isNumberArray(inputSize, 2) || inputSize.some((v) => !Number.isInteger(v) || v < 8)) {
    fail('"inputSize" must be [height, width]');
  }
  if (!isNumberArray(huWindow, 2) || (huWindow[0] ?? 0) >= (huWindow[1] ?? 0))
    fail('"huWindow" must be [low, high] HU');
  if (!isRecord(normalization) || !isNumberArray(normalization.mean, 3) || !isNumberArray(normalization.std, 3)) {
    fail('"normalization" must give "mean" and "std" per input channel');
  }
  if (typeof contextMargin !== 'number' || contextMargin < 0) fail('"contextMargin" must be a non-negative number');
  if (typeof intendedUse !== 'string' || !/not for clinical use/i.test(intendedUse)) {
    fail('"intendedUse" must say the model is not for clinical use');
  }
  const norm = normalization as { mean: number[]; std: number[] };
  const { noLesionOutput, calibration } = json;
  if (noLesionOutput !== undefined && noLesionOutput !== NO_LESION)
    fail(`"noLesionOutput" must be "${NO_LESION}" (the output after the classes) or absent`);
  const { views, ...reading } = parseCalibration(calibration, fail);
  const trainingData =
    isRecord(training) && typeof training.data === 'string'
      ? training.data
      : fail('"training.data" must say what it was trained on');
  const accuracy = isRecord(metrics) && typeof metrics.accuracy === 'number' ? metrics.accuracy : undefined;
  const testSetSize = isRecord(metrics) && typeof metrics.testSetSize === 'number' ? metrics.testSetSize : undefined;
  return {
    id: id as string,
    modelUrl: typeof json.modelUrl === 'string' ? json.modelUrl : 'model.json',
    classes: classes as LesionClass[],
    phases: phases as Phase[],
    crop: {
      inputSize: inputSize as [number, number],
      contextMargin: contextMargin as number,
      huWindow: huWindow as [number, number],
      mean: norm.mean,
      std: norm.std,
    },
    accuracy,
    testSetSize,
    trainingData,
    version:
      typeof json.version === 'string'
        ? json.version
        : isRecord(training) && typeof training.date === 'string'
          ? `trained ${training.date}`
          : 'unknown',
    intendedUse: intendedUse as string,
    modelCard: typeof json.modelCard === 'string' ? json.modelCard : undefined,
    reading: { classes: classes as LesionClass[], noLesionOutput: noLesionOutput === NO_LESION, ...reading },
    views,
    calibrated: calibration !== undefined,
    realCheck: isRecord(metrics) ? parseRealCheck(metrics.realCt) : undefined,
  };
}

function parseRealCheck(value: unknown): RealCheck | undefined {
  if (!isRecord(value)) return undefined;
  const { name, normal, normalAnsweredNone, lesions, lesionsNamedRight } = value;
  const counts = [normal, normalAnsweredNone, lesions, lesionsNamedRight];
  if (typeof name !== 'string' || !counts.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0))
    return undefined;
  return {
    name,
    normal: normal as number,
    normalAnsweredNone: normalAnsweredNone as number,
    lesions: lesions as number,
    lesionsNamedRight: lesionsNamedRight as number,
  };
}

/** The manifest's optional `calibration` (absent: outputs as they are, a class always named). */
function parseCalibration(
  value: unknown,
  fail: (what: string) => never,
): Pick<ReadingPolicy, 'temperature' | 'uncertainBelow' | 'inputRange'> & { views: number } {
  if (value === undefined) return { temperature: 1, uncertainBelow: 0, inputRange: undefined, views: 1 };
  if (!isRecord(value)) return fail('"calibration" must be an object');
  const { temperature, uncertainBelow, inputRange, views = 1 } = value;
  if (typeof temperature !== 'number' || !(temperature > 0) || !Number.isFinite(temperature))
    fail('"calibration.temperature" must be a positive number');
  if (typeof uncertainBelow !== 'number' || uncertainBelow < 0 || uncertainBelow > 1)
    fail('"calibration.uncertainBelow" must be a probability');
  if (inputRange !== undefined && (!Array.isArray(inputRange) || !inputRange.every((r) => isNumberArray(r, 2))))
    fail('"calibration.inputRange" must list [low, high] per input channel');
  if (typeof views !== 'number' || !Number.isInteger(views) || views < 1 || views > MAX_VIEWS)
    fail(`"calibration.views" must be a whole number from 1 to ${String(MAX_VIEWS)}`);
  return {
    temperature,
    uncertainBelow,
    inputRange: inputRange as InputRange | undefined,
    views,
  };
}
