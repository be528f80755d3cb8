/** What the page reads off each lesion per phase, the enhancement curve, and the exported finding. */
export { EnhancementCurve } from './EnhancementCurve';
export { ExportFinding } from './ExportFinding';
export { exportFinding, saveFiles, type ExportRequest, type ExportedFinding } from './export-finding';
export { roiHuByLesion, usePhaseReadings, type LesionReadings } from './usePhaseReadings';
