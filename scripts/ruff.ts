/**
 * Ruff, the Python linter and formatter, on training/: Astral's own WebAssembly build of it from
 * npm (@astral-sh/ruff-wasm-nodejs), since neither pip nor a Debian package of ruff is available
 * here. Its settings are these; training/pyproject.toml repeats them for the ruff command line.
 *
 *   npm run lint:py            ruff check: every finding, exit 1 if any
 *   npm run format:py:check    ruff format --check: the files it would change, exit 1 if any
 *   npm run format:py          ruff format: rewrites them
 */
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', 'training');
const SETTINGS = {
  'line-length': 130,
  // pycodestyle's errors and warnings and pyflakes, as flake8 checks by default.
  lint: { select: ['E', 'W', 'F'] },
};

interface Finding {
  readonly code: string | null;
  readonly message: string;
  readonly start_location: { readonly row: number; readonly column: number };
}

function pythonFiles(): string[] {
  return readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
    .filter(
      (path) => path.endsWith('.py') && !path.split('/').some((part) => part === '.cache' || part === '__pycache__'),
    )
    .sort()
    .map((path) => join(ROOT, path));
}

function main(): number {
  const [command, flag] = process.argv.slice(2);
  const workspace = new Workspace(SETTINGS, PositionEncoding.Utf8);
  const files = pythonFiles();
  let problems = 0;
  for (const file of files) {
    const name = relative(process.cwd(), file);
    const source = readFileSync(file, 'utf8');
    if (command === 'check') {
      for (const finding of workspace.check(source) as Finding[]) {
        problems++;
        const { row, column } = finding.start_location;
        console.error(`${name}:${String(row)}:${String(column)}: ${finding.code ?? 'syntax'} ${finding.message}`);
      }
    } else if (command === 'format') {
      const formatted = workspace.format(source);
      if (formatted === source) continue;
      problems++;
      if (flag === '--check') console.error(`would reformat ${name}`);
      else writeFileSync(file, formatted);
    } else {
      console.error('usage: tsx scripts/ruff.ts check | format [--check]');
      return 2;
    }
  }
  const what = command === 'check' ? 'findings' : flag === '--check' ? 'files to reformat' : 'files reformatted';
  console.log(`ruff ${Workspace.version()}: ${String(files.length)} files, ${String(problems)} ${what}`);
  return command === 'format' && flag !== '--check' ? 0 : problems > 0 ? 1 : 0;
}

process.exit(main());
