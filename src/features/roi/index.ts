/** Lesions and their ROI on each phase: drawn, loaded, aligned, listed and exported. */
export { AnnotationControls } from './AnnotationControls';
export { LesionList, type LesionOutcome } from './LesionList';
export { useLesions, type LesionContext } from './useLesions';
export { usePrefetchSlices } from './usePrefetchSlices';
