/**
 * The repository stands alone: its documents say what the generator does, in numbers the code
 * actually uses, and nothing it ships points at documents outside it (a clone has none beside it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OCCLUSION } from '../src/core/explain/occlusion';
import { PHASES } from '../src/core/labels';
import { FAMILY_AXES } from './phantom/families';
import { TISSUE_HU, type Tissue } from './phantom/spec';

const ROOT = join(import.meta.dirname, '..');
const SPEC = readFileSync(join(ROOT, 'docs', 'phantom-specification.md'), 'utf8');

/** The background-tissue table's rows: name → the four phase cells. */
function tissueTable(): Map<string, string[]> {
  const section = SPEC.split('## Background tissue')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || cells[1] === 'tissue' || cells[1]?.startsWith('-')) continue;
    rows.set(cells[1] as string, cells.slice(2, 6));
  }
  return rows;
}

describe('docs/phantom-specification.md', () => {
  const rows: [string, Tissue][] = [
    ['liver parenchyma', 'liver'],
    ['aorta', 'aorta'],
    ['portal vein', 'portalVein'],
    ['hepatic veins', 'hepaticVein'],
    ['spleen', 'spleen'],
    ['kidney cortex', 'kidneyCortex'],
    ['muscle', 'muscle'],
  ];

  it.each(rows)('gives the generator’s mean ± spread for %s on every phase', (name, tissue) => {
    const cells = tissueTable().get(name);
    expect(cells, name).toBeDefined();
    PHASES.forEach((phase, n) => {
      const range = TISSUE_HU[tissue][phase];
      const cell = (cells?.[n] ?? '').replace('−', '-');
      expect(cell.startsWith(`${range.mean} ± ${range.spread}`), `${name} ${phase}: "${cell}"`).toBe(true);
    });
  });

  it('names every rendering family the generator draws, with all its values', () => {
    for (const [axis, values] of Object.entries(FAMILY_AXES)) {
      const row = SPEC.split('\n').find((line) => line.startsWith(`| \`${axis}\``));
      expect(row, axis).toBeDefined();
      for (const value of values) expect(row, `${axis}=${value}`).toContain(value);
    }
  });
});

describe('the repository stands alone', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((path) => existsSync(join(ROOT, path)));
  const texts = tracked.filter((path) => /\.(ts|tsx|js|mjs|py|sh|md|json)$/.test(path));

  it('points at no document outside it', () => {
    // Spelled in two parts so that this file does not match itself.
    const sharedDocs = ['shared', 'docs'].join('/');
    const outside = texts.filter((path) => readFileSync(join(ROOT, path), 'utf8').includes(sharedDocs));
    expect(outside).toEqual([]);
  });

  it('runs no test on files outside it: the real CT the tests read is committed, within 25 MB', () => {
    const tests = tracked.filter((path) => /\.(test|spec)\.tsx?$/.test(path) || path.startsWith('e2e/'));
    expect(tests.length).toBeGreaterThan(20);
    const outside = tests.filter((path) =>
      /'\.\.', '\.\.', 'shared'|\.\.\/\.\.\/shared/.test(readFileSync(join(ROOT, path), 'utf8')),
    );
    expect(outside).toEqual([]);
    const realCt = tracked.filter((path) => path.startsWith('testdata/real-ct/'));
    const bytes = realCt.reduce((sum, path) => sum + statSync(join(ROOT, path)).size, 0);
    expect(realCt.length).toBeGreaterThan(150);
    expect(bytes).toBeLessThanOrEqual(25_000_000);
  });

  it('has every docs/ file that README and the code name', () => {
    const named = new Set<string>();
    for (const path of texts) {
      for (const match of readFileSync(join(ROOT, path), 'utf8').matchAll(/\bdocs\/[\w.-]+\.(md|txt|png)/g))
        named.add(match[0]);
    }
    expect(named.size).toBeGreaterThan(2);
    expect([...named].filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });
});

describe('README', () => {
  it('describes the occlusion windows the explanation uses', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const { window, stride } = DEFAULT_OCCLUSION;
    expect(readme).toContain(
      `with 49 square windows (${String(window)} input pixels, a quarter of its side, placed every ${String(stride)}) hidden in one phase at a time`,
    );
  });
});
