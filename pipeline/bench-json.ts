/** Where a benchmark leaves its figures for `bench:summary` (`--json PATH`), besides its printed table. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeBenchJson(path: string | undefined, figures: unknown): void {
  if (path === undefined) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(figures, null, 2)}\n`);
}
