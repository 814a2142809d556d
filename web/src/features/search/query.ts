/**
 * The chips' side of the query language (issue 18): the server parses queries; the client only finds the operators
 * already typed, to show them as chips, and adds or removes one without touching the rest of what was typed.
 */
export const OPERATORS = ["from", "in", "before", "after", "on", "has", "is"] as const;
export type Operator = (typeof OPERATORS)[number];

/** An operator with its value, where it sits in the query text. */
export interface Filter {
  op: Operator;
  value: string;
  /** As typed, e.g. `from:@ann`. */
  text: string;
  start: number;
  end: number;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Words split on spaces, with a quoted run ("exact phrase", from:"Ann Lee") kept as one token. */
export function tokens(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < query.length) {
    while (i < query.length && /\s/.test(query[i]!)) i++;
    if (i >= query.length) break;
    const start = i;
    let quoted = false;
    while (i < query.length && (quoted || !/\s/.test(query[i]!))) {
      if (query[i] === '"') quoted = !quoted;
      i++;
    }
    out.push({ text: query.slice(start, i), start, end: i });
  }
  return out;
}

const OPERATOR = new RegExp(`^(${OPERATORS.join("|")}):(.+)$`, "i");

/** The operators in the query with a value (a bare `from:` still being typed is not one yet). */
export function filtersOf(query: string): Filter[] {
  const out: Filter[] = [];
  for (const t of tokens(query)) {
    const m = OPERATOR.exec(t.text);
    if (m) out.push({ op: m[1]!.toLowerCase() as Operator, value: m[2]!, text: t.text, start: t.start, end: t.end });
  }
  return out;
}

/** The query without one filter; the text on either side is kept as typed. */
export function removeFilter(query: string, f: Pick<Filter, "start" | "end">): string {
  const before = query.slice(0, f.start).trimEnd();
  const after = query.slice(f.end).trimStart();
  return before && after ? `${before} ${after}` : before || after;
}

/** Dates name one day or bound: a second `before:` replaces the first. `from:` and `in:` may repeat (either matches). */
const SINGLE: readonly Operator[] = ["before", "after", "on"];

/** The query with `op:value` at its end (once: an identical filter is not added twice). */
export function addFilter(query: string, op: Operator, value: string): string {
  const text = `${op}:${value}`;
  const present = filtersOf(query);
  if (present.some((f) => f.op === op && f.value.toLowerCase() === value.toLowerCase())) return query;
  let q = query;
  if (SINGLE.includes(op)) {
    for (const f of present.filter((x) => x.op === op).reverse()) q = removeFilter(q, f);
  }
  return appendText(q, text);
}

/** Whether the query holds exactly this filter (has:file, is:mention …), for the toggles. */
export function hasFilter(query: string, op: Operator, value: string): boolean {
  return filtersOf(query).some((f) => f.op === op && f.value.toLowerCase() === value.toLowerCase());
}

/** Adds the filter, or removes it where it is: the toggles for has: and is:. */
export function toggleFilter(query: string, op: Operator, value: string): string {
  const f = filtersOf(query).find((x) => x.op === op && x.value.toLowerCase() === value.toLowerCase());
  return f ? removeFilter(query, f) : addFilter(query, op, value);
}

/**
 * The query ending in an operator for the user to finish typing (`from:@`, `before:`): the caret goes after it.
 * Unchanged if it already ends that way.
 */
export function beginFilter(query: string, prefix: string): string {
  const last = tokens(query).pop();
  if (last && last.text.toLowerCase() === prefix.toLowerCase()) return query.trimEnd();
  return appendText(query, prefix);
}

/** The filter typed last (the one "No results" offers to remove). */
export function lastFilter(query: string): Filter | null {
  return filtersOf(query).pop() ?? null;
}

/** The words a chip shows: `From @ann`, `Has image`, `Mentions me`. */
export function filterLabel(f: Pick<Filter, "op" | "value">): string {
  if (f.op === "is" && f.value.toLowerCase() === "mention") return "Mentions me";
  const name = { from: "From", in: "In", before: "Before", after: "After", on: "On", has: "Has", is: "Is" }[f.op];
  return `${name} ${f.value}`;
}

function appendText(query: string, text: string): string {
  const q = query.trimEnd();
  return q ? `${q} ${text}` : text;
}
