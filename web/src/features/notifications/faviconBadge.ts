/** The tab icon with a red dot when something asks for attention (drawn on a canvas; the CSP allows data: images). */
const ICON = "/favicon.svg";
let base: HTMLImageElement | null = null;
let shown = 0;

function link(): HTMLLinkElement | null {
  return document.querySelector<HTMLLinkElement>("link[rel='icon']");
}

export function setFaviconBadge(count: number): void {
  const el = link();
  if (!el || count === shown) return;
  shown = count;
  if (count === 0) {
    el.type = "image/svg+xml";
    el.href = ICON;
    return;
  }
  const draw = () => {
    if (shown !== count || !base) return;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 64;
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.drawImage(base, 0, 0, 64, 64);
    ctx.beginPath();
    ctx.arc(48, 16, 15, 0, Math.PI * 2);
    ctx.fillStyle = "#e0454b";
    ctx.fill();
    el.type = "image/png";
    el.href = canvas.toDataURL("image/png");
  };
  if (base?.complete) return draw();
  base = new Image();
  base.onload = draw;
  base.src = ICON;
}
