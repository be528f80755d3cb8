/**
 * Phase from a SeriesDescription: the keywords and abbreviations scanners and sites use, in
 * English, German, French, Italian and Spanish. Returns null when the text names no phase
 * ("Abdomen 2.5mm"), so that timing or image content can decide.
 */
import type { Phase } from '../labels';

/** Multi-word cues are checked first: "late arterial" is arterial, not delayed. */
const PHRASES: readonly [RegExp, Phase][] = [
  [/\b(late|early|hepatic)\s*arter/, 'ART'],
  [/\bportal\s*ven/, 'PV'],
  [/\b(non|without|w\/o|sans|senza|sin|ohne)[\s-]*(contrast|contraste|mdc|km|iv|injection|inj)/, 'NC'],
  [/\bpre[\s-]*(contrast|contraste|km|inj)/, 'NC'],
  [/\b\d+(\.\d+)?\s*min/, 'DL'],
];

const WORDS: Readonly<Record<string, Phase>> = {
  nc: 'NC',
  pre: 'NC',
  precontrast: 'NC',
  native: 'NC',
  nativ: 'NC',
  nativo: 'NC',
  natif: 'NC',
  unenhanced: 'NC',
  plain: 'NC',
  noncontrast: 'NC',
  basal: 'NC',
  basale: 'NC',
  leer: 'NC',
  art: 'ART',
  arterial: 'ART',
  arteriell: 'ART',
  arterielle: 'ART',
  arteriale: 'ART',
  arteriel: 'ART',
  ap: 'ART',
  lap: 'ART',
  eap: 'ART',
  pv: 'PV',
  pvp: 'PV',
  portal: 'PV',
  portale: 'PV',
  portalvenous: 'PV',
  ven: 'PV',
  venous: 'PV',
  venos: 'PV',
  venoes: 'PV',
  venosa: 'PV',
  venoso: 'PV',
  veineux: 'PV',
  veineuse: 'PV',
  dl: 'DL',
  delay: 'DL',
  delayed: 'DL',
  equilibrium: 'DL',
  eq: 'DL',
  late: 'DL',
  spat: 'DL',
  spaet: 'DL',
  tardive: 'DL',
  tardif: 'DL',
  tardia: 'DL',
  ritardata: 'DL',
};

/** Words that name a phase as often as something else: "AP" is abdomen-pelvis as often as arterial phase. */
const AMBIGUOUS_WORDS: ReadonlySet<string> = new Set(['ap']);

function normalised(description: string): string {
  return description
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** The description's phase rests on an ambiguous word alone ("LIVER 3 PHASE (AP)"): image content should decide. */
export function isAmbiguousDescription(description: string): boolean {
  const text = normalised(description);
  if (PHRASES.some(([pattern]) => pattern.test(text))) return false;
  const words = text.split(/[^a-z0-9]+/).filter((word) => WORDS[word] !== undefined);
  return words.length > 0 && words.every((word) => AMBIGUOUS_WORDS.has(word));
}

export function phaseFromDescription(description: string): Phase | null {
  const text = normalised(description);
  for (const [pattern, phase] of PHRASES) if (pattern.test(text)) return phase;
  const found = new Set<Phase>();
  for (const word of text.split(/[^a-z0-9]+/)) {
    const phase = WORDS[word];
    if (phase !== undefined) found.add(phase);
  }
  // Two different phases named ("PV + DL fused") is no answer.
  return found.size === 1 ? ([...found][0] as Phase) : null;
}
