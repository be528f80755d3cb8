import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import {
  FAMILY_AXES,
  familiesText,
  parseFamilyRules,
  sampleFamilies,
  SPECIFICATION_FAMILIES,
  type FamilyAxis,
} from './families';

const AXES = Object.keys(FAMILY_AXES) as FamilyAxis[];

describe('parseFamilyRules', () => {
  it('reads kept and excluded values', () => {
    expect(parseFamilyRules('noise!=fine, arterial=early')).toEqual([
      { axis: 'noise', value: 'fine', keep: false },
      { axis: 'arterial', value: 'early', keep: true },
    ]);
    expect(parseFamilyRules(undefined)).toEqual([]);
    expect(parseFamilyRules(' ')).toEqual([]);
  });

  it('names what is wrong with a rule', () => {
    expect(() => parseFamilyRules('kernel=sharp')).toThrow(/unknown family axis "kernel"/);
    expect(() => parseFamilyRules('noise=grainy')).toThrow(/no value "grainy".*smooth, fine, streaky/);
    expect(() => parseFamilyRules('noise')).toThrow(/axis=value/);
  });
});

describe('sampleFamilies', () => {
  it('draws nothing under the specification', () => {
    const rng = new Rng('a');
    const before = rng.fork('probe').next();
    expect(sampleFamilies(rng, 'specification')).toBe(SPECIFICATION_FAMILIES);
    expect(rng.fork('probe').next()).toBe(before);
    expect(() => sampleFamilies(rng, 'specification', parseFamilyRules('arterial=early'))).toThrow(
      /renders arterial=late only/,
    );
  });

  it('draws every value of every axis under wide, the same for the same seed', () => {
    const seen = new Map<FamilyAxis, Set<string>>(AXES.map((a) => [a, new Set()]));
    for (let seed = 0; seed < 200; seed++) {
      const families = sampleFamilies(new Rng(seed), 'wide');
      expect(sampleFamilies(new Rng(seed), 'wide')).toEqual(families);
      for (const axis of AXES) seen.get(axis)?.add(families[axis]);
    }
    for (const axis of AXES) expect([...(seen.get(axis) ?? [])].sort()).toEqual([...FAMILY_AXES[axis]].sort());
  });

  it('keeps to the rules: a held-out family never appears, a kept one always does', () => {
    const rules = parseFamilyRules('noise!=fine,arterial=early');
    const noises = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const families = sampleFamilies(new Rng(seed), 'wide', rules);
      expect(families.arterial).toBe('early');
      noises.add(families.noise);
    }
    expect([...noises].sort()).toEqual(['smooth', 'streaky']);
    expect(() => sampleFamilies(new Rng(1), 'wide', parseFamilyRules('noise=fine,noise!=fine'))).toThrow(
      /leave noise no value/,
    );
  });

  it('writes every axis in its text', () => {
    expect(familiesText(SPECIFICATION_FAMILIES)).toBe(
      'arterial=late,enhancement=standard,noise=smooth,parenchyma=uniform,outline=regular,heterogeneity=mild',
    );
  });
});
