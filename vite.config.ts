import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { CSP_HEADER, CSP_META, ISOLATION_HEADERS, staticHostHeaders } from './config/csp';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The built index.html carries the policy too; the dev server's inline HMR preamble could not run under it. */
function cspMetaTag(): Plugin {
  return {
    name: 'csp-meta-tag',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' },
    ],
  };
}

/** `_headers` beside the built app, for static hosts that read one (config/csp.ts). */
function staticHostHeadersFile(): Plugin {
  return {
    name: 'static-host-headers',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: staticHostHeaders() });
    },
  };
}

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(version) },
  plugins: [
    react(),
    cspMetaTag(),
    staticHostHeadersFile(),
    VitePWA({
      // The page asks before it swaps versions: a clinician mid-read must not get a reload.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Liver Lesion Viewer',
        short_name: 'Liver Lesions',
        description:
          'Multi-phase liver CT viewer with in-browser lesion classification. Research demo, not for clinical use.',
        theme_color: '#111318',
        background_color: '#111318',
        display: 'standalone',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      // Our own worker (src/app/sw.ts), so that every response it gives carries COOP/COEP.
      strategies: 'injectManifest',
      srcDir: 'src/app',
      filename: 'sw.ts',
      injectManifest: {
        // The app shell, the WASM of tfjs and of the DICOM codecs, the shipped model and the demo
        // study (JPEG-LS, ~37 MiB): all a visit needs to open a study or the demo and classify it
        // with the network cut, even if the demo was never opened before.
        globPatterns: [
          '**/*.{html,js,css,svg,png,wasm}',
          'models/*/{model,manifest}.json',
          'models/*/*.{bin,md}',
          'demo/index.json',
          'demo/**/*.{dcm,json}',
        ],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      },
    }),
  ],
  server: { host: '127.0.0.1', port: 5173, headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', port: 5173, headers: { 'Content-Security-Policy': CSP_HEADER, ...ISOLATION_HEADERS } },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 6000 },
  // The image loader starts its decoders as module workers.
  worker: { format: 'es' },
  optimizeDeps: {
    // Pre-bundling the loader breaks its worker URL; its CommonJS dependencies must be
    // pre-bundled instead, or the dev server's canvases stay black (docs/architecture.md).
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: [
      'dicom-parser',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/metadata',
      '@cornerstonejs/utils',
      // Pre-bundled with tfjs-backend-wasm, so the page patches the very factory tfjs uses
      // (src/adapters/inference/wasm-threaded-factory.ts).
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
    ],
  },
});
