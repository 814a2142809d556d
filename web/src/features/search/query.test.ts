import { describe, expect, it } from "vitest";
import { addFilter, beginFilter, filterLabel, filtersOf, lastFilter, removeFilter, tokens, toggleFilter } from "./query";

describe("filtersOf", () => {
  it("finds the operators with a value and where they are, leaving words and phrases alone", () => {
    const q = 'deploy "from:x inside a phrase" from:@ann -draft in:#ops has:image IS:mention from:';
    const fs = filtersOf(q);
    expect(fs.map((f) => [f.op, f.value])).toEqual([["from", "@ann"], ["in", "#ops"], ["has", "image"], ["is", "mention"]]);
    for (const f of fs) expect(q.slice(f.start, f.end)).toBe(f.text);
  });

  it("keeps a quoted value with spaces as one filter", () => {
    expect(filtersOf('from:"Ann Lee" hello').map((f) => f.value)).toEqual(['"Ann Lee"']);
    expect(tokens('a "b c" d').map((t) => t.text)).toEqual(["a", '"b c"', "d"]);
  });
});

describe("adding and removing filters keeps the rest of the query", () => {
  it("removes one filter from the middle, the start or the end", () => {
    const q = 'release "exact phrase"  from:@ann -beta in:#ops';
    const [from, inOps] = filtersOf(q);
    expect(removeFilter(q, from!)).toBe('release "exact phrase" -beta in:#ops');
    expect(removeFilter(q, inOps!)).toBe('release "exact phrase"  from:@ann -beta');
    expect(removeFilter("has:file  budget*", filtersOf("has:file  budget*")[0]!)).toBe("budget*");
    expect(removeFilter("in:#a", filtersOf("in:#a")[0]!)).toBe("");
  });

  it("appends a filter once, and lets from:/in: repeat but dates replace their own kind", () => {
    expect(addFilter("budget  ", "has", "file")).toBe("budget has:file");
    expect(addFilter("", "is", "mention")).toBe("is:mention");
    expect(addFilter("budget has:file", "has", "FILE")).toBe("budget has:file");
    expect(addFilter("x from:@ann", "from", "@bob")).toBe("x from:@ann from:@bob");
    expect(addFilter("before:2026-01-01 x", "before", "today")).toBe("x before:today");
    expect(addFilter("after:2026-01-01 x", "before", "today")).toBe("after:2026-01-01 x before:today");
  });

  it("toggles has: and is:", () => {
    expect(toggleFilter("a has:link b", "has", "link")).toBe("a b");
    expect(toggleFilter("a b", "has", "link")).toBe("a b has:link");
  });

  it("begins an operator for the user to finish, once", () => {
    expect(beginFilter("budget", "from:@")).toBe("budget from:@");
    expect(beginFilter("budget from:@ ", "from:@")).toBe("budget from:@");
    expect(beginFilter("", "before:")).toBe("before:");
  });

  it("names the last filter typed, and labels chips", () => {
    expect(lastFilter("a from:@ann b has:file c")?.text).toBe("has:file");
    expect(lastFilter("just words")).toBeNull();
    expect(filterLabel({ op: "is", value: "mention" })).toBe("Mentions me");
    expect(filterLabel({ op: "from", value: "@ann" })).toBe("From @ann");
  });
});
