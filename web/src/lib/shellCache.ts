/**
 * What the service worker does with a request (pure, so it is tested beside lib/pushPayload.ts). Only the app shell
 * is ever cached: never /api, /hubs or anything that carries someone's data (the client keeps its own saved state).
 */
export type ShellRoute =
  /** A page load: the network first (a deploy shows at once), the cached index.html when the network fails. */
  | "page"
  /** A built file (hashed, never changes) or a public file of this build: the cache first. */
  | "cached"
  /** Not the service worker's business: the browser fetches it as if there were none. */
  | "network";

export function shellRoute(method: string, url: URL, mode: string, origin: string, shell: ReadonlySet<string>): ShellRoute {
  if (method !== "GET" || url.origin !== origin) return "network";
  const path = url.pathname;
  if (path.startsWith("/api/") || path.startsWith("/hubs/") || path === "/healthz" || path === "/sw.js") return "network";
  if (mode === "navigate") return "page";
  return shell.has(path) || path.startsWith("/assets/") ? "cached" : "network";
}

/** The precache list the build writes into sw.js: site-absolute paths only (anything else is a build mistake). */
export function shellFiles(list: readonly string[]): string[] {
  return list.filter((f) => typeof f === "string" && f.startsWith("/") && !f.startsWith("//"));
}

/** This build's cache; caches of other builds are deleted when its worker takes over. */
export const SHELL_CACHE_PREFIX = "parley-shell-";
