// Renders the app icons (public/icons/*.png) from the favicon's design in Debian's Chromium. Run by hand when the
// design changes (`node web/scripts/render-icons.mjs`); the PNGs are committed, so builds need no image tools.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(import.meta.dirname, "../../tests/e2e/package.json"));
const { chromium } = require("playwright-core");

const out = join(import.meta.dirname, "../public/icons");
mkdirSync(out, { recursive: true });

// "any": the favicon's rounded square. "maskable": full bleed, the letter inside the 80 % safe zone.
const svg = (maskable) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">` +
  (maskable ? `<rect width="64" height="64" fill="#3d5bd9"/>` : `<rect width="64" height="64" rx="14" fill="#3d5bd9"/>`) +
  `<text x="32" y="${maskable ? 42 : 44}" font-family="DejaVu Sans, system-ui, sans-serif" font-size="${maskable ? 28 : 36}" ` +
  `font-weight="800" text-anchor="middle" fill="#fff">P</text></svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  for (const [name, size, maskable] of [["icon-192.png", 192, false], ["icon-512.png", 512, false], ["maskable-512.png", 512, true]]) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg(maskable)}`);
    writeFileSync(join(out, name), await page.screenshot({ omitBackground: true }));
  }
} finally {
  await browser.close();
}
