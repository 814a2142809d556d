import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Built into the server's wwwroot so `dotnet run --project src/Parley.Server` serves it.
export default defineConfig({
  plugins: [react()],
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
