/** Lesions and their ROI on each phase: drawn, loaded, aligned, listed and exported. */
export { AnnotationControls } from './AnnotationControls';
export { LesionList } from './LesionList';
export { roiEventsFor, useLesionStore, useLesions, type LesionContext } from './useLesions';
export { usePrefetchSlices } from './usePrefetchSlices';
