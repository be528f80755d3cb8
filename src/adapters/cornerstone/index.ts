/** Cornerstone3D behind the app's own interfaces: the phases' viewer, a viewer for one series, image ids for files. */
export { imageIdForFile, imageIdForFrame } from './init';
export { SeriesViewer, type SeriesViewState } from './series-viewer';
export {
  ViewerEngine,
  type CursorReadout,
  type PhaseStack,
  type PrimaryTool,
  type RoiListener,
  type ViewerListener,
} from './viewer-engine';
