import { useEffect, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { errorMessage } from '../../core/error-message';

/**
 * Where the app stands with offline use: the service worker precaches the app shell, the WASM
 * and the shipped model in one install that either completes or leaves the previous version
 * in place (Workbox), so "ready" means every file a visit needs is on this machine.
 */
export type OfflineState =
  | { readonly state: 'unsupported' }
  | { readonly state: 'installing' }
  | { readonly state: 'ready' }
  | { readonly state: 'update-available'; readonly apply: () => void }
  | { readonly state: 'error'; readonly message: string };

export function useOfflineApp(): OfflineState {
  const supported = typeof navigator !== 'undefined' && 'serviceWorker' in navigator;
  const [registrationError, setRegistrationError] = useState<string | null>(null);
  const [activated, setActivated] = useState(false);
  const {
    needRefresh: [needRefresh],
    offlineReady: [offlineReady],
    updateServiceWorker,
  } = useRegisterSW({
    immediate: true,
    onRegisterError: (error: unknown) => {
      setRegistrationError(errorMessage(error));
    },
  });
  useEffect(() => {
    if (!supported) return;
    let live = true;
    // An active worker has finished its precache; on a repeat visit no "installed" event comes.
    void navigator.serviceWorker.ready.then((registration) => {
      if (live && registration.active !== null) setActivated(true);
    });
    return () => {
      live = false;
    };
  }, [supported]);

  if (!supported) return { state: 'unsupported' };
  if (registrationError !== null) return { state: 'error', message: registrationError };
  if (needRefresh) return { state: 'update-available', apply: () => void updateServiceWorker(true) };
  if (offlineReady || activated) return { state: 'ready' };
  return { state: 'installing' };
}
