/** The installed app: works offline, says so, and offers an update. */
export { OfflineStatus } from './OfflineStatus';
export { useOfflineApp, type OfflineState } from './useOfflineApp';
