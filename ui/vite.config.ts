import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Offline by construction: everything is bundled from node_modules; no CDN, no remote imports.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, assetsInlineLimit: 0 },
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
