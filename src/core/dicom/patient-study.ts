/**
 * The patient and study attributes of a source image, copied into an exported SR so a PACS files
 * it with the images it describes. Read once, at export, from one key image.
 */
import dicomParser from 'dicom-parser';
import type { FindingPatientStudy } from '../report/finding';

const TAGS: Record<keyof FindingPatientStudy, string> = {
  patientName: 'x00100010',
  patientId: 'x00100020',
  patientBirthDate: 'x00100030',
  patientSex: 'x00100040',
  studyDate: 'x00080020',
  studyTime: 'x00080030',
  studyId: 'x00200010',
  accessionNumber: 'x00080050',
  referringPhysicianName: 'x00080090',
  studyDescription: 'x00081030',
};

/** Empty strings where the file lacks an attribute or cannot be parsed (the SR's type 2 values). */
export function readPatientStudy(bytes: Uint8Array): FindingPatientStudy {
  let read: (tag: string) => string = () => '';
  try {
    const data = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
    read = (tag) => data.string(tag)?.trim() ?? '';
  } catch {
    // A file the viewer could show but dicom-parser cannot re-read (e.g. deflated): no copy.
  }
  return Object.fromEntries(
    (Object.entries(TAGS) as [keyof FindingPatientStudy, string][]).map(([key, tag]) => [key, read(tag)]),
  ) as unknown as FindingPatientStudy;
}
