/**
 * GPUs emulated on the CPU (SwiftShader, llvmpipe, WARP…) run the model 13–77× slower than WASM
 * on the same CPU (README, Performance): the automatic choice passes them over.
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|software rasterizer|microsoft basic render/i;

/** Whether a WebGL renderer string (WEBGL_debug_renderer_info) names a software rasterizer. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** Whether a WebGPU adapter is a fallback (software) adapter, in old and new Chromium's fields. */
export function isSoftwareAdapter(adapter: {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { readonly isFallbackAdapter?: boolean; readonly vendor?: string; readonly architecture?: string };
}): boolean {
  return (
    adapter.isFallbackAdapter === true ||
    adapter.info?.isFallbackAdapter === true ||
    isSoftwareRenderer(`${adapter.info?.vendor ?? ''} ${adapter.info?.architecture ?? ''}`)
  );
}
