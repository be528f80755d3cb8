/**
 * Small real DICOM files for robustness tests: phantom CT slices written by the generator's own
 * DICOM writer, in memory, and dcmtk run over copies of them (other transfer syntaxes, DICOMDIR,
 * removed elements) the way a hospital export would produce them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Phase } from '../src/core/labels';
import type { FileSource } from '../src/core/study/read-study';
import { seriesFiles, toStored } from './phantom/dicom';
import { createStudy, renderPhase, type PhantomStudy } from './phantom/study';
import type { SampleFile } from '../test-support/damaged-copies';

export type { SampleFile } from '../test-support/damaged-copies';

/** One phantom study's series for `phases`, as files named `<phase>/IM000k.dcm`. */
export function phantomFiles(
  seed: string,
  phases: readonly Phase[],
  { size = 64, slices = 3, index = 0 } = {},
): { study: PhantomStudy; files: SampleFile[] } {
  const study = createStudy({ seed, index, labels: ['HCC'], size, slices });
  const files: SampleFile[] = [];
  for (const phase of phases) {
    const series = study.series.find((s) => s.phase === phase);
    if (series === undefined) throw new Error(`no ${phase} series`);
    const stored = toStored(renderPhase(study, phase, { noise: false }), study.header.rescaleIntercept);
    for (const [name, bytes] of seriesFiles(study.header, series, study.grid, stored)) {
      files.push({ name: `${phase}/${name}`, bytes });
    }
  }
  return { study, files };
}

/** Files as the sources readStudy reads (what a browser folder or a Node directory gives it). */
export function sources(files: readonly SampleFile[]): FileSource[] {
  return files.map(({ name, bytes }) => ({ name, read: () => Promise.resolve(bytes) }));
}

/**
 * Runs a dcmtk tool in a scratch folder holding `inputs` (written under their names) and returns
 * the file it leaves at `output`, a name in that folder.
 */
export function dcmtk(
  tool: string,
  args: readonly string[],
  inputs: readonly SampleFile[],
  output: string,
): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'dcmtk-'));
  try {
    for (const { name, bytes } of inputs) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    execFileSync(tool, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Uint8Array(readFileSync(join(dir, output)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One file through a dcmtk converter: `tool [...args] in.dcm out.dcm`. */
export function convert(tool: string, args: readonly string[], bytes: Uint8Array): Uint8Array {
  return dcmtk(tool, [...args, 'in.dcm', 'out.dcm'], [{ name: 'in.dcm', bytes }], 'out.dcm');
}
