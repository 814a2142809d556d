// Playwright's web-first assertions without @playwright/test: retry until true or timeout.
import assert from "node:assert/strict";

const timeout = 10_000;

async function until(check, describe) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try { if (await check()) return; } catch (e) { last = e; }
    if (Date.now() > deadline) throw new assert.AssertionError({ message: `${describe()} (waited ${timeout} ms)${last ? ": " + last.message : ""}` });
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function expect(locator) {
  const name = () => String(locator);
  return {
    toBeVisible: () => until(() => locator.isVisible(), () => `${name()} should be visible`),
    toBeHidden: () => until(async () => !(await locator.isVisible()), () => `${name()} should be hidden`),
    toHaveCount: (n) => until(async () => (await locator.count()) === n, () => `${name()} should have count ${n}`),
    toContainText: (t) => until(async () => (await locator.innerText()).includes(t), () => `${name()} should contain "${t}"`),
    toHaveValue: (v) => until(async () => (await locator.inputValue()) === v, () => `${name()} should have value "${v}"`),
    not: {
      toContainText: (t) => until(async () => !(await locator.innerText()).includes(t), () => `${name()} should not contain "${t}"`),
    },
  };
}
