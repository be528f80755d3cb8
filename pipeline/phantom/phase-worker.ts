/** Worker entry: renders and writes the phases it is sent (logic in write.ts / generate.ts). */
import { parentPort } from 'node:worker_threads';
import { runJob, type Job, type JobResult } from './jobs';
import { errorMessage } from '../../src/core/error-message';

const port = parentPort;
if (port === null) throw new Error('phase-worker must run as a worker thread');
port.on('message', (job: Job) => {
  runJob(job).then(
    (files) => {
      port.postMessage({ ok: true, files } satisfies JobResult);
    },
    (error: unknown) => {
      port.postMessage({
        ok: false,
        error: errorMessage(error),
      } satisfies JobResult);
    },
  );
});
