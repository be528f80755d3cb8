/**
 * The page's decoder (Cornerstone's codecs) in Node tests. Node has no bundler to resolve the
 * codecs' .wasm URLs, so they are pointed at the packages' own files, linked into a folder.
 */
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SliceDecoder } from '../src/core/dicom/pixels';
import { codecDecoder } from '../src/adapters/dicom-codecs/decode-slice';

export function nodeCodecDecoder(): SliceDecoder {
  const dir = join(mkdtempSync(join(tmpdir(), 'codecs-')), 'wasm');
  mkdirSync(dir);
  const require = createRequire(import.meta.url);
  for (const codec of ['codec-charls', 'codec-openjpeg', 'codec-libjpeg-turbo-8bit']) {
    const wasm = require.resolve(`@cornerstonejs/${codec}/decodewasm`);
    symlinkSync(wasm, join(dir, basename(wasm)));
  }
  return codecDecoder({ wasmBasePath: `${dir}/` });
}
