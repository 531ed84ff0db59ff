import { defineConfig } from "vite";

// Built into the Python package, which serves it; nothing is fetched from the internet.
export default defineConfig({
  base: "/",
  build: {
    outDir: "../src/linewatch/web/static",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    // Keep every asset a file: the CSP allows 'self' (and data: images only).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { "/api": "http://127.0.0.1:8000", "/tip": "http://127.0.0.1:8000" } },
});
