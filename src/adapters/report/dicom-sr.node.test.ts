/**
 * The finding's DICOM SR, read back by an independent toolkit: dcmtk's dcmdump for the file
 * format and the attributes, and dsrdump, which parses the content tree and rejects what the
 * Comprehensive SR IOD does not allow (relationships between value types, missing values).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dciodvfy } from '../../../test-support/dciodvfy';
import { testFinding } from '../../core/report/test-finding';
import { newUid, writeFindingSr } from './dicom-sr';

const root = mkdtempSync(join(tmpdir(), 'finding-sr-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const IDS = { sopInstanceUid: '2.25.1001', seriesInstanceUid: '2.25.1002' };

/** Fails (never skips) without dcmtk: an SR no independent reader accepted is not tested. */
function requireDcmtk(): void {
  try {
    execFileSync('sh', ['-c', 'command -v dcmdump && command -v dsrdump'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'dcmtk is not installed: the DICOM SR tests need dcmdump and dsrdump (run scripts/ensure-system-deps.sh)',
    );
  }
}

function run(tool: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, bytes: Uint8Array): string {
  const path = join(root, name);
  writeFileSync(path, bytes);
  return path;
}

/**
 * dsrdump as strict as it gets: no -E option relaxes a check, warnings are logged (-ll warn), and
 * the tree is printed with every code (+Pc), long texts in full (+Pl), template ids (+Pt) and
 * referenced instance UIDs (+Pu).
 */
const DSRDUMP_ARGS = ['-ll', 'warn', '+Pc', '+Pl', '+Pt', '+Pu'];

describe('writeFindingSr', () => {
  const finding = testFinding();
  let path = '';
  beforeAll(() => {
    requireDcmtk();
    path = write('finding.dcm', writeFindingSr(finding, IDS));
  });

  it('writes a Part 10 file', () => {
    const bytes = readFileSync(path);
    expect(bytes.subarray(128, 132).toString('latin1')).toBe('DICM');
  });

  it('conforms to the Comprehensive SR IOD by dciodvfy (dicom3tools, an independent validator): 0 errors', () => {
    const verdict = dciodvfy(path);
    expect(verdict.iod).toBe('ComprehensiveSR');
    expect(verdict.dump, 'dciodvfy read the content tree').toContain('(0x0040,0xa730)');
    expect(verdict.errors).toEqual([]);
  });

  it('is read by dcmdump as a Comprehensive SR of the study, in explicit VR little endian', () => {
    const { status, stdout, stderr } = run('dcmdump', ['+L', path]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/\(0002,0002\) UI =ComprehensiveSRStorage/);
    expect(stdout).toMatch(/\(0002,0010\) UI =LittleEndianExplicit/);
    expect(stdout).toMatch(/\(0008,0016\) UI =ComprehensiveSRStorage/);
    expect(stdout).toContain('(0008,0018) UI [2.25.1001]');
    expect(stdout).toContain('(0008,0060) CS [SR]');
    expect(stdout).toContain('(0010,0020) LO [DEMO-0001]');
    expect(stdout).toContain(`(0020,000d) UI [${finding.studyInstanceUid}]`);
    expect(stdout).toContain('(0020,000e) UI [2.25.1002]');
    expect(stdout).toContain('(0040,db00) CS [1500]');
    for (const phase of finding.phases) {
      expect(stdout).toContain(`(0040,a30a) DS [${String(phase.lesionHu?.mean)}]`);
      expect(stdout).toContain(`(0008,1155) UI [${String(phase.keyImage?.sopInstanceUid)}]`);
    }
    for (const cls of finding.classification.classes) expect(stdout).toContain(`(0008,0100) SH [${cls}]`);
  });

  it('passes dsrdump without an error or warning, and its tree reads as the finding', () => {
    const { status, stdout, stderr } = run('dsrdump', [...DSRDUMP_ARGS, path]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('Comprehensive SR Document');
    expect(stdout).toContain('Patient             : PHANTOM^DEMO (O, #DEMO-0001)');
    expect(stdout).toContain('Completion Flag     : COMPLETE');
    expect(stdout).toContain('<CONTAINER:(126000,DCM,"Imaging Measurement Report")=SEPARATE>  # TID 1500 (DCMR)');
    expect(stdout.match(/Measurement Group"\)=SEPARATE> {2}# TID 1410 \(DCMR\)/g)).toHaveLength(4);
    expect(stdout.match(/Measurement Group"\)=SEPARATE> {2}# TID 1501 \(DCMR\)/g)).toHaveLength(1);
    expect(stdout).toContain(
      '<contains CODE:(LLV-PRED,99LLV,"Research demo model output, not a diagnosis")=(HCC,99LLV,"Hepatocellular carcinoma")>',
    );
    expect(stdout).toContain(
      '<contains NUM:(LLV-PROB,99LLV,"Calibrated class probability (model output)")="0.86" (1,UCUM,"no units")>',
    );
    expect(stdout).toContain(finding.disclaimer);
    // Each phase's group: its ROI on its key image, and its mean HU.
    const groups = stdout.split('"Measurement Group")').slice(1);
    for (const phase of finding.phases) {
      const group = groups.find((g) => g.includes(`=(${phase.phase},99LLV,`)) ?? '';
      const image = phase.keyImage;
      const points = image?.outline.points.map(([column, row]) => `${String(column)}/${String(row)}`).join(',');
      expect(group).toContain(
        `<contains SCOORD:(111030,DCM,"Image Region")=(ELLIPSE,${String(points)})>\n` +
          `        <selected from IMAGE:=(CT image,"${String(image?.sopInstanceUid)}")>`,
      );
      expect(group).toContain(
        `<contains NUM:(112031,DCM,"Attenuation Coefficient")="${String(phase.lesionHu?.mean)}" ([hnsf'U],UCUM,"Hounsfield unit")>\n` +
          `        <has concept mod CODE:(121401,DCM,"Derivation")=(373098007,SCT,"Mean")>`,
      );
    }
  });

  it('declares UTF-8 for names outside ASCII, and dsrdump reads them back', () => {
    const named = write(
      'utf8.dcm',
      writeFindingSr({ ...finding, patientStudy: { ...finding.patientStudy, patientName: 'MÜLLER^JÜRGEN' } }, IDS),
    );
    expect(run('dcmdump', [named]).stdout).toContain('(0008,0005) CS [ISO_IR 192]');
    const { status, stdout, stderr } = run('dsrdump', [...DSRDUMP_ARGS, '+U8', named]);
    expect(status).toBe(0);
    // dcmtk 3.6.7 cannot check UTF-8 values and says so; nothing else may be reported.
    const others = stderr
      .split('\n')
      .filter((l) => l !== '' && !l.includes('does not support this Specific Character Set'));
    expect(others).toEqual([]);
    expect(stdout).toContain('Patient             : MÜLLER^JÜRGEN (O, #DEMO-0001)');
  });

  it('gives every file new UIDs unless told', () => {
    const uid = newUid();
    expect(uid).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    const a = run('dcmdump', ['+P', '0008,0018', write('a.dcm', writeFindingSr(finding))]).stdout;
    const b = run('dcmdump', ['+P', '0008,0018', write('b.dcm', writeFindingSr(finding))]).stdout;
    expect(a).toMatch(/UI \[2\.25\.\d+\]/);
    expect(a).not.toBe(b);
  });
});
