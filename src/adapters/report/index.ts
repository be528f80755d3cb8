/**
 * The finding as PDF and DICOM SR. Only types are exported here: the writers are large and
 * loaded when a finding is exported (`import('…/report/finding-pdf')`, `…/dicom-sr`).
 */
export type { FindingImage } from './finding-pdf';
