/**
 * Generates a set of phantom studies: plans the lesion classes, writes each study's
 * annotations.json, then renders the DICOM series on a pool of worker threads.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { PHASES, type LesionClass } from '../../src/core/labels';
import { Rng } from '../../src/core/random';
import { runJobs, type Job } from './jobs';
import { planByClassCount, planByStudies, type StudyPlan } from './plan';
import type { FamilyRule, Variation } from './families';
import { createStudy, type PhantomStudy } from './study';
import type { MultiFrameKind } from './multi-frame';
import { writeAnnotations, type Compression } from './write';

export interface GenerateOptions {
  readonly outDir: string;
  readonly seed: string;
  readonly classes: readonly LesionClass[];
  readonly studies?: number;
  readonly perClass?: number;
  /** Fixed lesion lists (one per study), instead of planning them. */
  readonly plans?: readonly StudyPlan[];
  readonly size?: number;
  readonly slices?: number;
  readonly sliceThicknessMm?: number;
  readonly workers?: number;
  readonly firstIndex?: number;
  readonly variation?: Variation;
  readonly familyRules?: readonly FamilyRule[];
  /** ART and PV as two acquisitions of one series (StudyOptions.arterialAndPortalInOneSeries). */
  readonly arterialAndPortalInOneSeries?: boolean;
  /** Pixel data compressed losslessly (JPEG-LS) instead of native. */
  readonly compression?: Compression;
  /** One multi-frame file per series (Enhanced CT, or Legacy Converted Enhanced CT) instead of one file per slice. */
  readonly multiFrame?: MultiFrameKind;
}

export function planStudies(options: GenerateOptions): readonly StudyPlan[] {
  if (options.plans !== undefined) return options.plans;
  const rng = new Rng(`${options.seed}/plan`);
  if (options.perClass !== undefined) {
    if (options.studies !== undefined) throw new Error('give either --studies or --per-class, not both');
    return planByClassCount(options.perClass, options.classes, rng);
  }
  return planByStudies(options.studies ?? 1, options.classes, rng);
}

export async function generateStudies(options: GenerateOptions): Promise<{ studies: PhantomStudy[]; files: number }> {
  const plans = planStudies(options);
  const workers = options.workers ?? Math.min(4, availableParallelism());
  const compression = options.compression ?? 'none';
  const stored = { compression, ...(options.multiFrame === undefined ? {} : { multiFrame: options.multiFrame }) };
  const studies = plans.map((labels, i) =>
    createStudy({
      seed: options.seed,
      index: (options.firstIndex ?? 0) + i,
      labels,
      ...(options.size === undefined ? {} : { size: options.size }),
      ...(options.slices === undefined ? {} : { slices: options.slices }),
      ...(options.sliceThicknessMm === undefined ? {} : { sliceThicknessMm: options.sliceThicknessMm }),
      ...(options.variation === undefined ? {} : { variation: options.variation }),
      ...(options.familyRules === undefined ? {} : { familyRules: options.familyRules }),
      ...(options.arterialAndPortalInOneSeries === true ? { arterialAndPortalInOneSeries: true } : {}),
    }),
  );
  for (const study of studies) {
    // A study folder is rewritten whole: stale series from an earlier run would be mixed in.
    await rm(join(options.outDir, study.name), { recursive: true, force: true });
    await writeAnnotations(study, options.outDir);
  }
  // One study: split its phases across the workers; several: one study per job.
  const jobs: Job[] =
    studies.length === 1 && workers > 1
      ? Array.from({ length: Math.min(workers, PHASES.length) }, (_, w) => ({
          options: (studies[0] as PhantomStudy).options,
          phases: PHASES.filter((_, p) => p % Math.min(workers, PHASES.length) === w),
          outDir: options.outDir,
          ...stored,
        }))
      : studies.map((study) => ({ options: study.options, phases: PHASES, outDir: options.outDir, ...stored }));
  const files = await runJobs(jobs, workers);
  return { studies, files };
}
