/** The user's files (folder, drop, the bundled demo), their headers read in workers, and downloads. */
export { demoSources, sourcesFromDrop, sourcesFromFileList, type BrowserFileSource } from './browser-files';
export { downloadBlob, downloadText } from './download';
export { readHeadersInWorkers, startHeaderWorkers } from './header-workers';
