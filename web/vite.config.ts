import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

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
    environment: "jsdom",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
