import DOMPurify, { type Config } from "dompurify";
import type { TrustedHTML, TrustedScriptURL, TrustedTypePolicy, TrustedTypesWindow } from "trusted-types/lib";

/**
 * The app's one Trusted Types policy, "parley" (the CSP allows that name alone and requires Trusted Types for every
 * HTML and script-URL sink). It is created once at start-up and never leaves this module: HTML is signed only by
 * DOMPurify (which gets the policy as TRUSTED_TYPES_POLICY, parses the input inertly and signs what it kept), and the
 * only script URL it signs is the service worker's.
 */
export const POLICY_NAME = "parley";

/** HTML that may go into innerHTML / dangerouslySetInnerHTML: TrustedHTML where the browser has Trusted Types. */
export type SafeHtml = TrustedHTML | string;

const SCRIPT_URLS = new Set(["/sw.js"]);

type AppPolicy = Pick<TrustedTypePolicy, "createHTML" | "createScriptURL">;
let policy: AppPolicy | null | undefined;

function appPolicy(): AppPolicy | null {
  if (policy !== undefined) return policy;
  const factory = (window as unknown as TrustedTypesWindow).trustedTypes;
  const created: AppPolicy | null = factory
    ? factory.createPolicy(POLICY_NAME, {
      // Called by DOMPurify only: on the input it parses inertly, and on its sanitized output.
      createHTML: (html: string) => html,
      createScriptURL: (url: string) => {
        if (!SCRIPT_URLS.has(url)) throw new TypeError(`Not an allowed script URL: ${url}`);
        return url;
      },
    })
    : null;
  policy = created;
  return created;
}

/** Creates the policy at start-up (main.tsx), before anything renders. */
export function installTrustedTypes(): void {
  appPolicy();
}

/** Sanitizes with DOMPurify and returns TrustedHTML (a string where the browser has no Trusted Types, as in jsdom). */
export function purify(html: string, config: Config): SafeHtml {
  const p = appPolicy();
  if (!p) return DOMPurify.sanitize(html, { ...config, RETURN_TRUSTED_TYPE: false });
  return DOMPurify.sanitize(html, { ...config, RETURN_TRUSTED_TYPE: true, TRUSTED_TYPES_POLICY: p as TrustedTypePolicy });
}

/** The service worker's script URL, signed (ServiceWorkerContainer.register is a Trusted Types sink). */
export function serviceWorkerUrl(): TrustedScriptURL | string {
  const p = appPolicy();
  return p ? p.createScriptURL("/sw.js") : "/sw.js";
}
