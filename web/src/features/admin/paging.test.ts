import { describe, expect, it } from "vitest";
import { appendPage, replaceItem } from "./paging";
import { adminTabFromPath } from "./adminRoute";

const key = (x: { id: number }) => x.id;

describe("keyset paging", () => {
  it("asks for the next page before the last item while pages are full, and stops at a short one", () => {
    const first = appendPage(null, [{ id: 9 }, { id: 8 }], 2, key);
    expect(first).toEqual({ items: [{ id: 9 }, { id: 8 }], next: 8 });
    const second = appendPage(first, [{ id: 7 }], 2, key);
    expect(second).toEqual({ items: [{ id: 9 }, { id: 8 }, { id: 7 }], next: null });
  });

  it("follows the server's nextBefore when the page carries one (reports, audit log)", () => {
    const first = appendPage(null, { items: [{ id: 9 }], nextBefore: 9 }, 50, key);
    expect(first).toEqual({ items: [{ id: 9 }], next: 9 });
    expect(appendPage(first, { items: [{ id: 8 }, { id: 7 }], nextBefore: null }, 2, key).next).toBeNull();
  });

  it("doesn't show an item twice", () => {
    const list = appendPage(null, [{ id: 9 }, { id: 8 }], 2, key);
    expect(appendPage(list, [{ id: 8 }, { id: 7 }], 2, key).items.map(key)).toEqual([9, 8, 7]);
  });

  it("replaces or drops a changed item", () => {
    const list = { items: [{ id: 1, s: "open" }, { id: 2, s: "open" }], next: null };
    expect(replaceItem(list, { id: 1, s: "resolved" }, key).items[0]).toEqual({ id: 1, s: "resolved" });
    expect(replaceItem(list, { id: 1, s: "resolved" }, key, false).items.map(key)).toEqual([2]);
  });
});

describe("admin route", () => {
  it("reads the tab from the path", () => {
    expect(adminTabFromPath("/admin")).toBe("users");
    expect(adminTabFromPath("/admin/audit")).toBe("audit");
    expect(adminTabFromPath("/admin/nope")).toBe("users");
    expect(adminTabFromPath("/r/abc")).toBeNull();
  });
});
