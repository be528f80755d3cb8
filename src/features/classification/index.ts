/** The model in the page: its status and backend, each lesion's answer, and the explanation drawn over the phases. */
export { ExplanationControls } from './ExplanationControls';
export { HeatmapOverlay } from './HeatmapOverlay';
export { ModelStatusPanel } from './ModelStatusPanel';
export { useClassification, type LesionResult, type ModelStatus } from './useClassification';
export { useExplanation, type ExplanationState } from './useExplanation';
