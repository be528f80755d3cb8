/** Minimal `--name value` / `--flag` parsing for the command-line tools, with clear errors. */
export type ArgSpec = Record<string, 'string' | 'number' | 'boolean'>;
export type ParsedArgs<S extends ArgSpec> = {
  [K in keyof S]?: S[K] extends 'number' ? number : S[K] extends 'boolean' ? boolean : string;
};

export function parseArgs<S extends ArgSpec>(argv: readonly string[], spec: S): ParsedArgs<S> {
  const out: Record<string, string | number | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const name = arg.slice(2);
    const kind = spec[name];
    if (kind === undefined)
      throw new Error(
        `unknown option --${name} (known: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(', ')})`,
      );
    if (kind === 'boolean') {
      out[name] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`--${name} must be a number (got "${value}")`);
      out[name] = n;
    } else {
      out[name] = value;
    }
  }
  return out as ParsedArgs<S>;
}
