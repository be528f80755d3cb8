/**
 * Phantom generation as jobs (a study's phases) run on a small pool of worker threads, one per
 * core: a 4-phase study renders about twice as fast on two cores. `workers: 1` runs everything in
 * this thread.
 */
import { Worker } from 'node:worker_threads';
import type { Phase } from '../../src/core/labels';
import { createStudy, type StudyOptions } from './study';
import type { MultiFrameKind } from './multi-frame';
import { writePhases, type Compression } from './write';

export interface Job {
  readonly options: StudyOptions;
  readonly phases: readonly Phase[];
  readonly outDir: string;
  readonly compression?: Compression;
  readonly multiFrame?: MultiFrameKind;
}

export type JobResult = { readonly ok: true; readonly files: number } | { readonly ok: false; readonly error: string };

export async function runJob(job: Job): Promise<number> {
  return writePhases(createStudy(job.options), job.outDir, job.phases, job.compression, job.multiFrame);
}

/** Runs all jobs, at most `workers` at a time; resolves to the total number of files written. */
export async function runJobs(jobs: readonly Job[], workers: number): Promise<number> {
  if (workers <= 1 || jobs.length <= 1) {
    let files = 0;
    for (const job of jobs) files += await runJob(job);
    return files;
  }
  const queue = [...jobs];
  let files = 0;
  const pool = Array.from({ length: Math.min(workers, jobs.length) }, async () => {
    const worker = startWorker(new URL('./phase-worker.ts', import.meta.url));
    try {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        const current = job;
        const result = await sendJob(worker, current);
        if (!result.ok) throw new Error(`${current.options.seed}/${current.options.index}: ${result.error}`);
        files += result.files;
      }
    } finally {
      await worker.terminate();
    }
  });
  await Promise.all(pool);
  return files;
}

function sendJob(worker: Worker, job: Job): Promise<JobResult> {
  return new Promise<JobResult>((resolve, reject) => {
    const onMessage = (result: JobResult): void => {
      worker.off('error', onError);
      resolve(result);
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(job);
  });
}

/**
 * Workers do not inherit tsx's loader hooks, so a tiny JavaScript bootstrap registers them before
 * importing the TypeScript entry.
 */
function startWorker(entry: URL): Worker {
  const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}
