import { describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../core/model/manifest';
import type { Classification, ExplanationResult } from './classifier';
import { resilient, type Deadlines, type Recovery, type Runner } from './resilient';

/** A runner that answers, or goes silent, or dies on demand, and counts what it was asked. */
class FakeRunner implements Runner {
  readonly manifest: ModelManifest;
  readonly backend = 'wasm' as const;
  readonly passedOver = [];
  readonly threads = 1;
  readonly died: Promise<string>;
  asked = 0;
  disposed = false;
  holds = 0;
  private kill: (reason: string) => void = () => undefined;

  constructor(
    readonly thread: 'worker' | 'page',
    private readonly behaviour: 'answer' | 'silent' | 'fail',
    private readonly ms = 5,
    views = 1,
  ) {
    this.manifest = { views } as ModelManifest;
    this.died = new Promise((resolve) => {
      this.kill = resolve;
    });
  }

  die(reason: string): void {
    this.kill(reason);
  }

  classify(input: Float32Array): Promise<Classification> {
    this.asked++;
    if (this.behaviour === 'fail') return Promise.reject(new Error('the model failed'));
    if (this.behaviour === 'silent') return new Promise(() => undefined);
    return Promise.resolve({ probabilities: [input[0] ?? 0], ms: this.ms, backend: this.backend });
  }

  explain(): Promise<ExplanationResult> {
    this.asked++;
    return new Promise(() => undefined);
  }

  hold(): () => void {
    this.holds++;
    return () => {
      this.holds--;
    };
  }

  dispose(): void {
    this.disposed = true;
  }
}

function recovery(restarts: (FakeRunner | Error)[], page: FakeRunner): Recovery & { restarted: number; paged: number } {
  const counts = { restarted: 0, paged: 0 };
  return Object.assign(counts, {
    restart: () => {
      const next = restarts[counts.restarted++];
      return next instanceof FakeRunner ? Promise.resolve(next) : Promise.reject(next ?? new Error('none'));
    },
    inPage: () => {
      counts.paged++;
      return Promise.resolve(page);
    },
  });
}

const QUICK: Deadlines = { classifyMs: 30, explainMs: 30, slowFactor: 1 };
const input = (value: number) => new Float32Array([value]);

describe('resilient classifier', () => {
  it('passes answers through while the worker is well, with no incident', async () => {
    const worker = new FakeRunner('worker', 'answer');
    const classifier = resilient(worker, recovery([], new FakeRunner('page', 'answer')), 'm', QUICK);
    expect((await classifier.classify(input(0.25))).probabilities).toEqual([0.25]);
    expect(classifier.incident).toBeUndefined();
    expect(classifier.thread).toBe('worker');
  });

  it('restarts a worker that dies with a request waiting, and answers that request on the new one', async () => {
    const worker = new FakeRunner('worker', 'silent');
    const next = new FakeRunner('worker', 'answer');
    const plan = recovery([next], new FakeRunner('page', 'answer'));
    const classifier = resilient(worker, plan, 'm', { ...QUICK, classifyMs: 60_000 });
    const answer = classifier.classify(input(0.5));
    worker.die('out of memory');
    expect((await answer).probabilities).toEqual([0.5]);
    expect(worker.disposed).toBe(true);
    expect(plan.restarted).toBe(1);
    expect(next.asked).toBe(1);
    expect(classifier.incident).toMatch(/out of memory.*restarted/);
  });

  it('takes a worker that stays silent past the deadline for dead', async () => {
    const worker = new FakeRunner('worker', 'silent');
    const plan = recovery([new FakeRunner('worker', 'answer')], new FakeRunner('page', 'answer'));
    const classifier = resilient(worker, plan, 'm', QUICK);
    expect((await classifier.classify(input(0.75))).probabilities).toEqual([0.75]);
    expect(classifier.incident).toMatch(/no answer in 0 s/);
  });

  it('gives a classification of several views as many times the deadline', async () => {
    const slow = new FakeRunner('worker', 'answer', 5, 4);
    const answering = slow.classify.bind(slow);
    // Answers after 30 ms: past a 10-ms deadline for one input, within it for four.
    slow.classify = (i) =>
      new Promise((resolve) => {
        setTimeout(() => {
          resolve(answering(i));
        }, 30);
      });
    const plan = recovery([new FakeRunner('worker', 'answer')], new FakeRunner('page', 'answer'));
    const classifier = resilient(slow, plan, 'm', { classifyMs: 10, explainMs: 10, slowFactor: 1 });
    expect((await classifier.classify(input(0.5))).probabilities).toEqual([0.5]);
    expect(plan.restarted).toBe(0);
    expect(classifier.incident).toBeUndefined();
  });

  it('starts one new worker for all the requests that were waiting, and answers each', async () => {
    const worker = new FakeRunner('worker', 'silent');
    const next = new FakeRunner('worker', 'answer');
    const plan = recovery([next, new FakeRunner('worker', 'answer')], new FakeRunner('page', 'answer'));
    const classifier = resilient(worker, plan, 'm', { ...QUICK, classifyMs: 60_000 });
    const answers = [classifier.classify(input(0.125)), classifier.classify(input(0.625))];
    worker.die('crashed');
    expect((await Promise.all(answers)).map((a) => a.probabilities[0])).toEqual([0.125, 0.625]);
    expect(plan.restarted).toBe(1);
    expect(next.asked).toBe(2);
  });

  it('moves to the page when the restarted worker dies too, and never restarts twice', async () => {
    const worker = new FakeRunner('worker', 'silent');
    const second = new FakeRunner('worker', 'silent');
    const page = new FakeRunner('page', 'answer');
    const plan = recovery([second, new FakeRunner('worker', 'answer')], page);
    const classifier = resilient(worker, plan, 'm', QUICK);
    expect((await classifier.classify(input(0.375))).probabilities).toEqual([0.375]);
    expect(plan.restarted).toBe(1);
    expect(plan.paged).toBe(1);
    expect(second.disposed).toBe(true);
    expect(classifier.thread).toBe('page');
    expect(classifier.incident).toMatch(/runs in the page/);
  });

  it('moves to the page when no new worker can start', async () => {
    const worker = new FakeRunner('worker', 'silent');
    const plan = recovery([new Error('no worker')], new FakeRunner('page', 'answer'));
    const classifier = resilient(worker, plan, 'm', QUICK);
    expect((await classifier.classify(input(0.875))).probabilities).toEqual([0.875]);
    expect(plan.paged).toBe(1);
  });

  it('reports a model error as it is, without replacing a runner that works', async () => {
    const worker = new FakeRunner('worker', 'fail');
    const plan = recovery([new FakeRunner('worker', 'answer')], new FakeRunner('page', 'answer'));
    const classifier = resilient(worker, plan, 'm', QUICK);
    await expect(classifier.classify(input(1))).rejects.toThrow('the model failed');
    expect(plan.restarted).toBe(0);
    expect(classifier.incident).toBeUndefined();
  });

  it('releases a hold on the runner it was taken on, after that runner was replaced', async () => {
    const worker = new FakeRunner('worker', 'silent');
    const next = new FakeRunner('worker', 'answer');
    const classifier = resilient(worker, recovery([next], new FakeRunner('page', 'answer')), 'm', QUICK);
    const release = classifier.hold();
    expect(worker.holds).toBe(1);
    await classifier.classify(input(0.5));
    release();
    expect([worker.holds, next.holds]).toEqual([0, 0]);
    classifier.hold();
    expect(next.holds).toBe(1);
  });

  it('waits longer on a slow backend: the deadline grows with the slowest answer', async () => {
    const slow = new FakeRunner('worker', 'answer', 50);
    const plan = recovery([new FakeRunner('worker', 'answer')], new FakeRunner('page', 'answer'));
    const classifier = resilient(slow, plan, 'm', { classifyMs: 10, explainMs: 10, slowFactor: 4 });
    await classifier.classify(input(0));
    // An explanation silent for 150 ms is within 4 × 50 ms: still alive.
    const explained = classifier.explain(input(0), 0);
    const outcome = await Promise.race([
      explained.then(() => 'answered'),
      new Promise((resolve) => setTimeout(resolve, 150, 'waiting')),
    ]);
    expect(outcome).toBe('waiting');
    expect(plan.restarted).toBe(0);
    classifier.dispose();
    expect(slow.disposed).toBe(true);
  });
});
