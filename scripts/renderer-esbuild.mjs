// How the renderer's module is bundled (esbuild), in one place: the build (scripts/build.mjs),
// the test that reads which sources each chunk carries (test/unit/renderer-start-bundle.test.ts)
// and the bench's bare React page (bench/renderer.ts) bundle the same way.
export const RENDERER_ESBUILD = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'chrome120',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
};
