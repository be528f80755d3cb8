import { describe, expect, it } from 'vitest';
import { Rng } from './random';

describe('Rng', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = new Rng('seed-1');
    const b = new Rng('seed-1');
    const c = new Rng('seed-2');
    const seqA = Array.from({ length: 100 }, () => a.nextUint32());
    const seqB = Array.from({ length: 100 }, () => b.nextUint32());
    const seqC = Array.from({ length: 100 }, () => c.nextUint32());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('forks streams that do not depend on how much the parent has drawn', () => {
    const fresh = new Rng(7).fork('noise');
    const used = new Rng(7);
    for (let i = 0; i < 1000; i++) used.next();
    const forked = used.fork('noise');
    expect(Array.from({ length: 10 }, () => forked.next())).toEqual(Array.from({ length: 10 }, () => fresh.next()));
    expect(new Rng(7).fork('a').next()).not.toBe(new Rng(7).fork('b').next());
  });

  it('draws uniform numbers in range with the right mean', () => {
    const rng = new Rng(3);
    const values = Array.from({ length: 20000 }, () => rng.uniform(-5, 15));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-5);
    expect(Math.max(...values)).toBeLessThan(15);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeCloseTo(5, 0);
  });

  it('draws integers covering both ends', () => {
    const rng = new Rng(4);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(1, 5)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('draws standard normals', () => {
    const rng = new Rng(5);
    const values = Array.from({ length: 40000 }, () => rng.normal());
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeGreaterThan(0.97);
    expect(sd).toBeLessThan(1.03);
  });

  it('shuffles without losing items and makes 128-bit decimal UIDs', () => {
    const rng = new Rng(6);
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(rng.shuffle(items).sort()).toEqual(items);
    const uid = rng.decimal128();
    expect(uid).toMatch(/^[1-9][0-9]{0,38}$/);
  });
});
