import { describe, expect, it } from 'vitest';
import { patientMm } from '../geometry';
import type { Lesion } from './lesion';
import { PerLesion, type Derivation } from './per-lesion';
import { circularRoi } from './roi';

const lesion = (id: string, x: number, extra: Partial<Lesion> = {}): Lesion => ({
  id,
  sourcePhase: 'PV',
  rois: { PV: { roi: circularRoi(patientMm(x, 0, 0), 5), origin: 'drawn' } },
  ...extra,
});

/** A derivation whose answers the test gives, one per started job. */
function controlled() {
  const started: {
    id: string;
    key: string;
    signal: AbortSignal;
    answer: (v: string) => void;
    fail: (e: Error) => void;
  }[] = [];
  const derivation: Derivation<string> = {
    key: (l) => String(l.rois.PV?.roi.center[0]),
    ready: (l) => l.aligning === undefined,
    derive: (l, key, signal) =>
      new Promise<string>((answer, fail) => {
        started.push({ id: l.id, key, signal, answer, fail });
      }),
  };
  return { started, derivation };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('derived per lesion', () => {
  it('derives once per key, shows a value only for the ROIs it was derived from, and pending after a move', async () => {
    const { started, derivation } = controlled();
    let changes = 0;
    const per = new PerLesion<string>();
    per.subscribe(() => changes++);
    const a = lesion('L1', 1);
    per.update([a], derivation);
    per.update([a], derivation);
    await settled();
    expect(started.map((s) => s.key)).toEqual(['1']);
    expect(per.results([a], derivation).get('L1')).toEqual({ state: 'running', key: '1' });
    started[0]?.answer('one');
    await settled();
    const lesions = [a];
    const results = per.results(lesions, derivation);
    expect(results.get('L1')).toEqual({ state: 'done', key: '1', value: 'one' });
    expect(changes).toBe(2);
    expect(per.version()).toBe(2);
    // Nothing changed: the same map.
    expect(per.results(lesions, derivation)).toBe(results);

    // Moved while not ready (aligning): nothing starts, the old value is not shown.
    const movedAligning = lesion('L1', 2, { aligning: ['NC'] });
    per.update([movedAligning], derivation);
    await settled();
    expect(started).toHaveLength(1);
    expect(per.results([movedAligning], derivation).get('L1')).toEqual({ state: 'pending', key: '2' });
    // Back where it was: the value is still right.
    expect(per.results([a], derivation).get('L1')?.state).toBe('done');

    const moved = lesion('L1', 2);
    per.update([moved], derivation);
    await settled();
    expect(started.map((s) => s.key)).toEqual(['1', '2']);
  });

  it('stops a job whose ROI moved, and never lets its late answer through', async () => {
    const { started, derivation } = controlled();
    const per = new PerLesion<string>();
    per.update([lesion('L1', 1)], derivation);
    await settled();
    per.update([lesion('L1', 2)], derivation);
    await settled();
    expect(started[0]?.signal.aborted).toBe(true);
    started[0]?.answer('stale');
    started[1]?.answer('fresh');
    await settled();
    expect(per.results([lesion('L1', 2)], derivation).get('L1')).toEqual({ state: 'done', key: '2', value: 'fresh' });
  });

  it('a job stopped half way (not ready any more) is started again when the lesion is ready for that key', async () => {
    const { started, derivation } = controlled();
    const per = new PerLesion<string>();
    per.update([lesion('L1', 1)], derivation);
    await settled();
    per.update([lesion('L1', 2, { aligning: ['NC'] })], derivation);
    expect(started[0]?.signal.aborted).toBe(true);
    per.update([lesion('L1', 1)], derivation);
    await settled();
    expect(started.map((s) => s.key)).toEqual(['1', '1']);
  });

  it('drops a lesion that went, reports errors, and stops everything on stop()', async () => {
    const { started, derivation } = controlled();
    const per = new PerLesion<string>();
    per.update([lesion('L1', 1), lesion('L2', 3)], derivation);
    await settled();
    per.update([lesion('L2', 3)], derivation);
    expect(started[0]?.signal.aborted).toBe(true);
    expect([...per.results([lesion('L1', 1), lesion('L2', 3)], derivation).keys()]).toEqual(['L2']);
    started[1]?.fail(new Error('no slice'));
    await settled();
    const entry = per.results([lesion('L2', 3)], derivation).get('L2');
    expect(entry?.state).toBe('error');
    per.update([lesion('L2', 4)], derivation);
    await settled();
    per.stop();
    expect(started[2]?.signal.aborted).toBe(true);
    expect(per.results([lesion('L2', 4)], derivation).size).toBe(0);
    // A later update starts again what is needed.
    per.update([lesion('L2', 4)], derivation);
    await settled();
    expect(started).toHaveLength(4);
  });

  it('a job stopped before its turn never runs', async () => {
    const { started, derivation } = controlled();
    const per = new PerLesion<string>();
    per.update([lesion('L1', 1)], derivation);
    per.update([lesion('L1', 2)], derivation);
    await settled();
    expect(started.map((s) => s.key)).toEqual(['2']);
  });
});
