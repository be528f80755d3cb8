/** The command-line tools as a user runs them: output layout, clear errors on bad input. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnnotations } from '../src/core/annotations';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'phantom-cli-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function tool(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', script, ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm run phantoms', () => {
  it('writes one folder per study with a series per phase and annotations.json', async () => {
    const out = join(root, 'set');
    const result = await tool('pipeline/phantoms.ts', [
      '--out',
      out,
      '--per-class',
      '2',
      '--classes',
      'hcc,CYST',
      '--size',
      '64',
      '--slices',
      '4',
      '--seed',
      '9',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/lesions: CYST 2, HCC 2/);
    const studies = readdirSync(out).sort();
    expect(studies.length).toBeGreaterThanOrEqual(1);
    let lesions = 0;
    for (const study of studies) {
      const entries = readdirSync(join(out, study)).sort();
      expect(entries).toEqual(['S02', 'S03', 'S04', 'S05', 'annotations.json']);
      for (const series of entries.slice(0, 4)) expect(readdirSync(join(out, study, series))).toHaveLength(4);
      const annotations = parseAnnotations(JSON.parse(readFileSync(join(out, study, 'annotations.json'), 'utf8')));
      lesions += annotations.lesions.length;
    }
    expect(lesions).toBe(4);
  });

  it.each([
    [['--studies', '2'], '--out is required'],
    [['--out', 'x', '--classes', 'HCC,TUMOUR'], '--classes takes'],
    [['--out', 'x', '--studies', '2', '--per-class', '3'], 'either --studies or --per-class'],
    [['--out', 'x', '--thickness', '4'], '--thickness must be one of'],
    [['--out', 'x', '--sizes', '4'], 'unknown option --sizes'],
  ])('refuses %j with a clear message on stderr', async (args, message) => {
    const result = await tool('pipeline/phantoms.ts', args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });
});

describe('npm run contact-sheet', () => {
  it('renders the four phases of each lesion to a PNG a person can look at', async () => {
    const out = join(root, 'sheet');
    await tool('pipeline/phantoms.ts', [
      '--out',
      out,
      '--studies',
      '1',
      '--size',
      '128',
      '--slices',
      '8',
      '--seed',
      '4',
    ]);
    const study = join(out, 'study-0000');
    const lesions = parseAnnotations(JSON.parse(readFileSync(join(study, 'annotations.json'), 'utf8'))).lesions.length;
    const png = join(root, 'sheet.png');
    const result = await tool('pipeline/contact-sheet.ts', ['--study', study, '--out', png]);
    expect(result.code).toBe(0);
    const image = PNG.sync.read(readFileSync(png));
    expect(image.width).toBe(4 * 256);
    expect(image.height).toBe(lesions * (22 + 256 + 256));
    // Not blank: the tiles hold the whole range of the liver window, from fat (black) to vessels.
    const grays = new Set<number>();
    for (let o = 0; o < image.data.length; o += 4 * 97) grays.add(image.data[o] as number);
    expect(grays.size).toBeGreaterThan(100);
  });

  it('says what is wrong when the folder is not a phantom study', async () => {
    const result = await tool('pipeline/contact-sheet.ts', ['--study', join(root, 'missing')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/contact-sheet: .*annotations\.json/);
  });
});
