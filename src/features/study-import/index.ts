/** Opening a folder, dropped files or the demo; the series list; the preview while a folder is read. */
export { DropTarget } from './DropTarget';
export { OpenControls } from './OpenControls';
export { SeriesList } from './SeriesList';
export { SlicePreview } from './SlicePreview';
export { useStudyImport, type ImportState, type OpenedStudy, type ReadingPreview } from './useStudyImport';
