/** The phases' viewports and their toolbar, a viewer for a series that is no phase, and the stacks they show. */
export { SeriesView } from './SeriesView';
export { ViewerToolbar } from './ViewerToolbar';
export { ViewportGrid } from './ViewportGrid';
export { buildStacks, imageIdsFor } from './stacks';
export { useViewer, type ViewState } from './useViewer';
