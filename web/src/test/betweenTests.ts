// Test files share one module graph and one document per worker (see vite.config.ts), so each test leaves the page as
// it found it: nothing mounted, an empty body, and each file starts with empty storage.
import { afterEach } from "vitest";
import { unmountAll } from "./mounted";

if (typeof localStorage !== "undefined") localStorage.clear();
if (typeof sessionStorage !== "undefined") sessionStorage.clear();

afterEach(() => {
  if (typeof document === "undefined") return;
  unmountAll();
  document.body.replaceChildren();
});
