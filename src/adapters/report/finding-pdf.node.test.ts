/**
 * The printable finding, read back by independent tools: pdf-lib for the page count, size and
 * metadata, poppler's pdftotext for what a reader (or a search) finds on the page and where each
 * word sits, and pdftoppm for proof that a real renderer draws it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PageSizes, PDFDocument, StandardFonts } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phase } from '../../core/labels';
import type { Finding } from '../../core/report/finding';
import { toWinAnsi } from '../../core/report/pdf-layout';
import { testFinding } from '../../core/report/test-finding';
import { findingPdf, type FindingImages } from './finding-pdf';

const root = mkdtempSync(join(tmpdir(), 'finding-pdf-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Fails (never skips) without poppler: a report nobody checked renders is no report. */
function requireTool(tool: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `${tool} is not installed: the PDF export tests need poppler-utils (run scripts/ensure-system-deps.sh)`,
    );
  }
}

/** A small viewport-like screenshot: dark CT-ish noise with a yellow ellipse for the ROI. */
function screenshot(phase: Phase, width: number, height: number): FindingImages['phases'][number] {
  const png = new PNG({ width, height });
  const shade = 40 + 30 * ['NC', 'ART', 'PV', 'DL'].indexOf(phase);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const r = Math.hypot((x - width / 2) / (width * 0.4), (y - height / 2) / (height * 0.35));
      const roi = Math.abs(Math.hypot((x - width * 0.6) / 9, (y - height * 0.45) / 7) - 1) < 0.15;
      const gray = r < 1 ? shade + ((x * 7 + y * 13) % 17) : 0;
      png.data[i] = roi ? 255 : gray;
      png.data[i + 1] = roi ? 220 : gray;
      png.data[i + 2] = roi ? 0 : gray;
      png.data[i + 3] = 255;
    }
  }
  return { phase, png: new Uint8Array(PNG.sync.write(png)), width, height };
}

const FOUR_PHASES: FindingImages = {
  phases: (['NC', 'ART', 'PV', 'DL'] as const).map((p) => screenshot(p, 96, 80)),
};

interface Word {
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

function writePdf(name: string, bytes: Uint8Array): string {
  const path = join(root, `${name}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

/** Every word on the page with its box (points, from the top-left), as poppler lays it out. */
function pdfWords(path: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
  const pattern = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/gu;
  return Array.from(html.matchAll(pattern), (m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5] ?? '',
  }));
}

const [A4_WIDTH, A4_HEIGHT] = PageSizes.A4;

/** No word leaves the printable area, and no two words are drawn over each other. */
function expectCleanLayout(words: readonly Word[]): void {
  expect(words.length).toBeGreaterThan(50);
  for (const w of words) {
    expect(w.xMin, w.text).toBeGreaterThanOrEqual(20);
    expect(w.yMin, w.text).toBeGreaterThanOrEqual(20);
    expect(w.xMax, w.text).toBeLessThanOrEqual(A4_WIDTH - 20);
    expect(w.yMax, w.text).toBeLessThanOrEqual(A4_HEIGHT - 20);
  }
  // Font boxes include the accents' room: allow that slack between neighbouring lines.
  const slack = 1.5;
  const overlaps = words.flatMap((a, i) =>
    words
      .slice(i + 1)
      .filter(
        (b) =>
          Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin) > slack &&
          Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin) > slack,
      )
      .map((b) => `${a.text} / ${b.text}`),
  );
  expect(overlaps).toEqual([]);
}

describe('toWinAnsi with the standard fonts', () => {
  it('gives only text Helvetica can encode, whatever it is fed', async () => {
    const doc = await PDFDocument.create();
    const fonts = await Promise.all(
      [StandardFonts.Helvetica, StandardFonts.HelveticaBold].map((f) => doc.embedFont(f)),
    );
    // Every BMP code point below the surrogates: the spelled symbols, Latin-1, WinAnsi's extras and the rest.
    const all = Array.from({ length: 0xd800 }, (_, i) => String.fromCodePoint(i)).join('') + '🙂';
    const safe = toWinAnsi(all);
    for (const font of fonts) expect(font.widthOfTextAtSize(safe, 10)).toBeGreaterThan(0);
    for (const char of '€—–“”•…±µ×é') expect(safe.includes(char), char).toBe(true);
  });
});

describe('findingPdf', () => {
  let path = '';
  let text = '';

  beforeAll(async () => {
    requireTool('pdftotext');
    requireTool('pdftoppm');
    path = writePdf('finding', await findingPdf(testFinding(), FOUR_PHASES));
    text = pdfText(path);
  });

  it('is one A4 portrait page with the finding in its metadata', async () => {
    const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo(A4_WIDTH, 2);
    expect(height).toBeCloseTo(A4_HEIGHT, 2);
    expect(doc.getTitle()).toContain('L3');
    expect(doc.getTitle()).toContain('1.2.826.0.1.3680043.8.498.1.1');
    expect(doc.getCreator()).toContain('Liver Lesion Viewer');
    expect(doc.getProducer()).toContain('Liver Lesion Viewer');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-12-03T09:15:00.000Z');
  });

  it('holds the study, the lesion and the export time', () => {
    expect(text).toContain('Liver lesion finding — research demo');
    expect(text).toContain('1.2.826.0.1.3680043.8.498.1.1');
    expect(text).toContain('DEMO-0001');
    expect(text).toMatch(/Lesion\s+L3/u);
    expect(text).toContain('2026-12-03 09:15:00 UTC');
    expect(text).toContain('Liver Lesion Viewer 0.1.0');
  });

  it('labels every phase viewport with its ROI origin', () => {
    expect(text).toMatch(/NC · ROI aligned\s+ART · ROI aligned\s+PV · ROI drawn\s+DL · ROI aligned/u);
  });

  it('gives every class its percentage and names the predicted class, backend and timing', () => {
    const expected = { CYST: '1.0%', FNH: '5.0%', HCC: '86.0%', HEM: '3.0%', METS: '5.0%' };
    for (const [name, percent] of Object.entries(expected)) {
      expect(text).toMatch(new RegExp(`${name}\\s+${percent.replace('.', '\\.')}`, 'u'));
    }
    expect(text).toContain('Predicted: HCC (86.0%)');
    expect(text.replace(/\s+/g, ' ')).toContain('Lesion size 24 × 17 mm (lesion boundary on PV)');
    expect(text).toContain('Backend: wasm · inference 84 ms');
  });

  it('tabulates lesion and liver HU and their difference per phase', () => {
    const rows: readonly [Phase, string, string, string][] = [
      ['NC', '45.0 ± 12.5', '55.0', '-10.0'],
      ['ART', '112.0 ± 12.5', '70.0', '+42.0'],
      ['PV', '88.0 ± 12.5', '110.0', '-22.0'],
      ['DL', '70.0 ± 12.5', '90.0', '-20.0'],
    ];
    for (const [phase, lesion, liver, difference] of rows) {
      expect(text).toMatch(new RegExp(`${phase}\\s+${lesion}\\s+${liver}\\s+${difference.replace('+', '\\+')}`, 'u'));
    }
    expect(text).toContain('Lesion – liver');
    expect(text).toContain('Liver ring median');
  });

  it('summarises the model card and carries the disclaimer', () => {
    expect(text).toContain('liver-resnet50-v1');
    expect(text).toContain('2026-11-27');
    expect(text).toMatch(/Input phases\s+NC, ART, PV/u);
    expect(text).toContain('94.7% on 318 test lesions');
    expect(text).toContain('No real patient data.');
    expect(text).toContain('research demo; not for clinical use');
    const flat = text.replace(/\s+/gu, ' ');
    expect(flat).toContain(testFinding().disclaimer);
  });

  it('lays out every word inside the page, none over another', () => {
    expectCleanLayout(pdfWords(path));
  });

  it('renders with poppler', () => {
    const out = join(root, 'page');
    execFileSync('pdftoppm', ['-r', '50', '-png', '-singlefile', path, out]);
    const png = PNG.sync.read(readFileSync(`${out}.png`));
    // A4 at 50 dpi: 8.27 × 11.69 inches.
    expect(png.width).toBeCloseTo(413, -1);
    expect(png.height).toBeCloseTo(585, -1);
    expect(statSync(`${out}.png`).size).toBeGreaterThan(5000);
  });

  it('stays on one clean page with long texts, symbols the fonts lack and missing values', async () => {
    const base = testFinding();
    const long = (s: string, n: number): string => Array.from({ length: n }, () => s).join(' ');
    const finding: Finding = {
      ...base,
      studyInstanceUid: `1.2.${'9'.repeat(60)}`,
      patientStudy: {
        ...base.patientStudy,
        patientId: 'X'.repeat(80),
        studyDescription: long('Leber Δ ≥ 3 Phasen', 10),
      },
      model: {
        ...base.model,
        id: `model-${'m'.repeat(120)}`,
        testAccuracy: undefined,
        trainingData: long('Synthetic phantoms → lesions, 肝 data;', 60),
        intendedUse: long('Research only.', 40),
      },
      phases: base.phases
        .filter((p) => p.phase !== 'ART')
        .map((p, i) => ({
          ...p,
          seriesDescription: long('Portal venous phase 2.5 mm', 5),
          lesionHu: i === 1 ? null : p.lesionHu,
          liverHu: i === 2 ? null : p.liverHu,
          keyImage: i === 0 ? null : p.keyImage,
        })),
      disclaimer: long(base.disclaimer, 8),
    };
    const images: FindingImages = {
      phases: [screenshot('NC', 300, 40), { ...screenshot('PV', 10, 10), png: new Uint8Array([1, 2, 3]) }],
    };
    const stressed = writePdf('stressed', await findingPdf(finding, images));
    const doc = await PDFDocument.load(readFileSync(stressed));
    expect(doc.getPageCount()).toBe(1);
    expectCleanLayout(pdfWords(stressed));
    const stressedText = pdfText(stressed);
    expect(stressedText).toContain('delta');
    expect(stressedText).toContain('->');
    expect(stressedText).toContain('no screenshot');
    expect(stressedText).toContain('screenshot unreadable');
    expect(stressedText).toContain('not reported');
    expect(stressedText).toContain('…');
    expect(stressedText).not.toMatch(/ART · ROI/u);
  });

  it('draws "No HU measured" rather than an empty chart', async () => {
    const base = testFinding();
    const finding: Finding = {
      ...base,
      phases: base.phases.map((p) => ({ ...p, lesionHu: null, liverHu: null })),
    };
    const empty = writePdf('empty', await findingPdf(finding, { phases: [] }));
    expect(pdfText(empty)).toContain('No HU measured');
  });
});
