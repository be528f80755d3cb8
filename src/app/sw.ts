/// <reference lib="webworker" />
/**
 * The service worker. It precaches the app shell, the WASM of tfjs and of the DICOM codecs, the
 * shipped model and the demo study (the build writes the list in), so a visit can open a study
 * and classify it with the network cut. Every answer it gives carries COOP/COEP: from the second
 * visit on, the page is cross-origin isolated, so tfjs-wasm may run threaded, even on a static
 * server that sends neither header.
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import type { PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { withIsolation } from './isolated-response';

declare const self: ServiceWorkerGlobalScope & { readonly __WB_MANIFEST: (string | PrecacheEntry)[] };

addPlugins([{ handlerWillRespond: ({ response }) => Promise.resolve(withIsolation(response)) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// The page asks before it swaps versions ("Reload to update"): a clinician mid-read gets no reload.
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// The first visit's page is served by the worker as soon as it is installed.
clientsClaim();
