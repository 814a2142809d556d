import { describe, expect, it } from "vitest";
import { shellFiles, shellRoute } from "./shellCache";

const origin = "https://chat.example";
const shell = new Set(["/index.html", "/assets/main-abc.js", "/manifest.webmanifest", "/icons/icon-192.png"]);
const route = (path: string, mode = "cors", method = "GET") => shellRoute(method, new URL(path, origin), mode, origin, shell);

describe("service worker routes", () => {
  it("never caches the API, the hub or the worker itself", () => {
    expect(route("/api/rooms")).toBe("network");
    expect(route("/api/files/1/a.png", "no-cors")).toBe("network");
    expect(route("/hubs/chat?id=1")).toBe("network");
    expect(route("/sw.js")).toBe("network");
    expect(route("/healthz")).toBe("network");
  });

  it("serves page loads network first (the shell is the fallback), built and public files from the cache", () => {
    expect(route("/", "navigate")).toBe("page");
    expect(route("/r/3f2a", "navigate")).toBe("page");
    expect(route("/assets/main-abc.js")).toBe("cached");
    expect(route("/assets/AdminConsole-def.js")).toBe("cached");
    expect(route("/manifest.webmanifest")).toBe("cached");
    expect(route("/icons/icon-192.png", "no-cors")).toBe("cached");
  });

  it("leaves other methods and other origins alone", () => {
    expect(route("/assets/main-abc.js", "cors", "POST")).toBe("network");
    expect(shellRoute("GET", new URL("https://elsewhere.example/assets/x.js"), "cors", origin, shell)).toBe("network");
    expect(route("/favicon-not-built.png")).toBe("network");
  });

  it("takes only site-absolute paths from the build's list", () => {
    expect(shellFiles(["/index.html", "//evil.example/x.js", "assets/x.js", "/assets/y.js"])).toEqual(["/index.html", "/assets/y.js"]);
  });
});
