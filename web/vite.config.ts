import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

const testFiles = ["src/**/*.test.ts", "src/**/*.test.tsx"];
const testFilesReplacingModules = (readdirSync(join(__dirname, "src"), { recursive: true }) as string[])
  .map((f) => `src/${f.split(sep).join("/")}`)
  .filter((f) => /\.test\.tsx?$/.test(f) && /vi\.(mock|doMock|resetModules)\(/.test(readFileSync(join(__dirname, f), "utf8")));

/**
 * Writes this build's app shell into sw.js (a `self.parleyBuild = {id, shell}` line at its top): index.html, every
 * built file and the public files, and an id hashed from all of them. The service worker caches exactly that list,
 * and any change to the client changes sw.js, so browsers see a new version (the update prompt).
 */
function appShell(): Plugin {
  return {
    name: "parley-app-shell",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const publicDir = join(import.meta.dirname, "public");
      const publicFiles = readdirSync(publicDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(publicDir, join(e.parentPath, e.name)).split(sep).join("/"))
        .sort();
      const built = Object.keys(bundle).filter((f) => f !== "sw.js" && !f.endsWith(".map")).sort();
      const hash = createHash("sha256");
      for (const f of built) {
        const item = bundle[f]!;
        hash.update(f).update(item.type === "chunk" ? item.code : item.source);
      }
      for (const f of publicFiles) hash.update(f).update(readFileSync(join(publicDir, f)));
      const shell = [...built.map((f) => (f === "index.html" ? "/index.html" : `/${f}`)), ...publicFiles.map((f) => `/${f}`)];
      const sw = bundle["sw.js"];
      if (!sw || sw.type !== "chunk") throw new Error("sw.js was not built");
      const id = hash.digest("hex").slice(0, 16);
      sw.code = `self.parleyBuild=${JSON.stringify({ id, shell })};\n${sw.code}`;
    },
  };
}

// Built into the server's wwwroot so `dotnet run --project src/Parley.Server` serves it.
export default defineConfig({
  plugins: [react(), appShell()],
  build: {
    outDir: "../src/Parley.Server/wwwroot",
    emptyOutDir: true,
    // No inline scripts or styles: the server's CSP forbids them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      // The service worker is its own entry, served at the site root as /sw.js (its scope is the whole app).
      input: { main: "index.html", sw: "src/sw.ts" },
      output: { entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js") },
    },
  },
  server: {
    port: 5173,
    proxy: { "/api": "http://localhost:5080", "/hubs": { target: "http://localhost:5080", ws: true } },
  },
  test: {
    // Files that need a DOM say so in their first line (@vitest-environment jsdom): most need none, and setting up jsdom
    // for every file was most of the suite's time.
    environment: "node",
    pool: "threads",
    setupFiles: ["src/test/betweenTests.ts"],
    projects: [
      // Files share one module graph per worker (no isolation): ~10 CPU-s for the suite instead of ~70. A file that
      // replaces modules (vi.mock, vi.resetModules) would meet or leave the shared copies, so those run isolated.
      { extends: true, test: { name: "shared", isolate: false, sequence: { groupOrder: 0 }, include: testFiles, exclude: testFilesReplacingModules } },
      { extends: true, test: { name: "isolated", sequence: { groupOrder: 1 }, include: testFilesReplacingModules.length ? testFilesReplacingModules : ["-"] } },
    ],
  },
});
