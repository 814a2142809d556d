import { describe, expect, it } from "vitest";
import { emptyResults, pageArrived, searchFailed, startMore, startSearch } from "./results";

const key = (x: { id: string }) => x.id;
const item = (id: string) => ({ id });

describe("search results paging", () => {
  it("appends pages with the cursor until it is null", () => {
    let [r, req] = startSearch(emptyResults<{ id: string }>(), "budget");
    expect(r.pending).toBe(req);
    r = pageArrived(r, req, { items: [item("a"), item("b")], nextBefore: "c1" }, key);
    expect(r).toMatchObject({ query: "budget", next: "c1", pending: null, done: true });

    const more = startMore(r)!;
    expect(more[1]).toEqual({ query: "budget", before: "c1" });
    // Only one page at a time.
    expect(startMore(more[0])).toBeNull();
    // An item already held (the index moved between pages) is not shown twice.
    r = pageArrived(more[0], more[1], { items: [item("b"), item("c")], nextBefore: null }, key);
    expect(r.items.map(key)).toEqual(["a", "b", "c"]);
    expect(r.next).toBeNull();
    expect(startMore(r)).toBeNull();
  });

  it("drops an answer to a search that was replaced", () => {
    const [first, old] = startSearch(emptyResults<{ id: string }>(), "bud");
    const [second, req] = startSearch(first, "budget");
    expect(second.items).toEqual([]);
    const late = pageArrived(second, old, { items: [item("x")], nextBefore: "z" }, key);
    expect(late).toBe(second);
    expect(searchFailed(second, old, "too late")).toBe(second);
    expect(pageArrived(second, req, { items: [item("y")] }, key).items.map(key)).toEqual(["y"]);
  });

  it("keeps the error of the current request and stops paging; a cursor that does not move ends the list", () => {
    let [r, req] = startSearch(emptyResults<{ id: string }>(), "form:ann");
    r = searchFailed(r, req, 'Unknown operator "form:". Did you mean "from:"?');
    expect(r).toMatchObject({ error: 'Unknown operator "form:". Did you mean "from:"?', pending: null, done: true, items: [] });

    [r, req] = startSearch(r, "x");
    r = pageArrived(r, req, { items: [item("a")], nextBefore: "k" }, key);
    const [m, mreq] = startMore(r)!;
    expect(pageArrived(m, mreq, { items: [], nextBefore: "k" }, key).next).toBeNull();
  });
});
