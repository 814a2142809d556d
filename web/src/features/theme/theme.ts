export type ThemeChoice = "system" | "light" | "dark";

const KEY = "parley.theme";

export function loadThemeChoice(): ThemeChoice {
  const v = localStorage.getItem(KEY);
  return v === "light" || v === "dark" ? v : "system";
}

/** Sets data-theme on <html>; "system" leaves it to prefers-color-scheme. */
export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", choice);
}

export function saveThemeChoice(choice: ThemeChoice): void {
  if (choice === "system") localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, choice);
  applyTheme(choice);
}

/** The "Theme" switch cycles: system → the other look → the system's look forced → system. */
export function nextTheme(choice: ThemeChoice, systemDark: boolean): ThemeChoice {
  const other: ThemeChoice = systemDark ? "light" : "dark";
  const same: ThemeChoice = systemDark ? "dark" : "light";
  if (choice === "system") return other;
  if (choice === other) return same;
  return "system";
}

export function systemPrefersDark(): boolean {
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
}
