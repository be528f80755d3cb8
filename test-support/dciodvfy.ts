/**
 * David Clunie's dciodvfy (Debian dicom3tools), the independent validator the tests hold every
 * DICOM file the project writes to. Test support only: shared by pipeline and src tests.
 */
import { spawnSync } from 'node:child_process';

/**
 * What dciodvfy says of one file (everything on stderr, exit status 0 with errors too): the IOD it
 * recognised (its first line), its error lines, and its dump of the attributes it read, so that a
 * file it could not parse does not pass as "no errors".
 */
export function dciodvfy(path: string): { iod: string; errors: string[]; dump: string } {
  const result = spawnSync('dciodvfy', ['-dump', path], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error)
    throw new Error(`dciodvfy did not run (dicom3tools: scripts/ensure-system-deps.sh): ${result.error.message}`);
  const lines = `${result.stderr}\n${result.stdout}`.split('\n');
  return { iod: lines[0]?.trim() ?? '', errors: lines.filter((line) => line.startsWith('Error')), dump: result.stderr };
}
