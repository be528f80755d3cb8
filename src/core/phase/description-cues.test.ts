import { describe, expect, it } from 'vitest';
import { phaseFromDescription } from './description-cues';

describe('phaseFromDescription', () => {
  it.each([
    ['NC', 'NC'],
    ['PRE 5mm', 'NC'],
    ['Non contrast', 'NC'],
    ['w/o contrast', 'NC'],
    ['Nativ 3mm', 'NC'],
    ['SANS IV', 'NC'],
    ['Senza mdc', 'NC'],
    ['ART', 'ART'],
    ['Arterial 2.5mm', 'ART'],
    ['AP', 'ART'],
    ['Late arterial', 'ART'],
    ['ARTÉRIELLE', 'ART'],
    ['PV', 'PV'],
    ['Portal', 'PV'],
    ['VEN 1.25mm', 'PV'],
    ['Portal venous', 'PV'],
    ['Recon 3: LIVER 2 PHASE (C/A/P)', null],
    ['DELAY', 'DL'],
    ['Delayed 3min', 'DL'],
    ['Spät', 'DL'],
    ['Equilibrium', 'DL'],
    ['Abdomen 2.5mm', null],
    ['Body 5 B30f', null],
    ['PV + DELAY fused', null],
  ])('%s → %s', (description, phase) => {
    expect(phaseFromDescription(description)).toBe(phase);
  });
});
