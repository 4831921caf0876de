import { defineConfig, type Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

/** Fontsource's CSS names a WOFF file after each WOFF2 for old browsers; every web view the app
 *  runs in (WebKitGTK, WebView2, WKWebView) reads WOFF2, so the WOFF copies (320 KB) would only
 *  sit in the binary. */
function woff2Only(): Plugin {
  return {
    name: "woff2-only",
    enforce: "pre",
    transform(code, id) {
      if (!id.includes("@fontsource") || !id.endsWith(".css")) return null;
      return code.replace(/,\s*url\([^)]*\.woff\)\s*format\(["']woff["']\)/g, "");
    },
  };
}

// Offline by construction: everything is bundled from node_modules; no CDN, no remote imports.
export default defineConfig({
  plugins: [svelte(), woff2Only()],
  clearScreen: false,
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, assetsInlineLimit: 0 },
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
