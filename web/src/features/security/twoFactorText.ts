/** The server's SVG QR code as an image source: shown with <img>, so none of its markup enters the page. */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** The secret in groups of four, as authenticator apps show keys for typing by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

/** The .txt a user downloads to keep their recovery codes. */
export function recoveryCodesFile(codes: string[], server: string): string {
  return [
    `Recovery codes for your account on ${server}`,
    "Each code signs you in once when you can't use your authenticator app. Keep them somewhere safe.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/** What the code field holds once spaces are gone: six digits, or null. */
export function sixDigits(value: string): string | null {
  const digits = value.replace(/\s/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}
