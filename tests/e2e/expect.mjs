// Playwright's web-first assertions without @playwright/test: retry until true or timeout.
import assert from "node:assert/strict";

const timeout = 10_000;

// What a failed wait adds to its message (the servers' last log lines), so a failure in CI can be read from its output.
const explainers = new Set();

/** Adds `explain()` (returning text) to every failed wait's message until the returned function is called. */
export function explainFailedWaits(explain) {
  explainers.add(explain);
  return () => explainers.delete(explain);
}

async function until(check, describe) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try { if (await check()) return; } catch (e) { last = e; }
    if (Date.now() > deadline) {
      const why = [...explainers].map((f) => f()).filter(Boolean).join("\n");
      throw new assert.AssertionError({ message: `${describe()} (waited ${timeout} ms)${last ? ": " + last.message : ""}${why ? "\n" + why : ""}` });
    }
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
    toHaveClass: (re) => until(async () => re.test((await locator.getAttribute("class")) ?? ""), () => `${name()} should have class ${re}`),
    toHaveText: (t) => until(async () => (await locator.innerText()).trim() === t, () => `${name()} should have text "${t}"`),
    /** For absence: the count is n now and stays n for `ms` (a toast that would come comes with the same event). */
    toKeepCount: async (n, ms = 1000) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const c = await locator.count();
        if (c !== n) throw new assert.AssertionError({ message: `${name()} should keep count ${n}, has ${c}` });
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    /** An attribute equal to a string, or matching a RegExp. */
    toHaveAttribute: (attr, v) => until(async () => {
      const a = await locator.getAttribute(attr);
      return v instanceof RegExp ? v.test(a ?? "") : a === v;
    }, () => `${name()} should have ${attr}=${v}`),
    /** On a page: the document title. */
    toHaveTitle: (t) => until(async () => (await locator.title()) === t, () => `page title should be "${t}"`),
    toHaveValue: (v) => until(async () => (await locator.inputValue()) === v, () => `${name()} should have value "${v}"`),
    toBeChecked: () => until(() => locator.isChecked(), () => `${name()} should be checked`),
    toBeDisabled: () => until(() => locator.isDisabled(), () => `${name()} should be disabled`),
    not: {
      toContainText: (t) => until(async () => !(await locator.innerText()).includes(t), () => `${name()} should not contain "${t}"`),
    },
  };
}
