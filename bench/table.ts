/**
 * The row every bench module returns, and the one table `npm run bench` prints. A row is a ratio
 * or a size measured in this run, compared with an upper-bound target.
 */

/** One measured figure and its target (the measured value must not exceed it). */
export interface BenchRow {
  /** What was measured, e.g. "coder_get_workspace: tool vs client time". */
  name: string;
  measured: number;
  /** The bound: the row passes when `measured <= target` (or `>=` for an `atLeast` row). */
  target: number;
  /** The target is a lower bound (throughput), not an upper one. */
  atLeast?: boolean;
  /** Unit of `measured` and `target`, e.g. "×" or "KiB". */
  unit: string;
  pass: boolean;
  /** How the figure was obtained, when that is not obvious from the name. */
  note?: string;
}

/** A row whose figure passes when it is at most `target`. */
export function row(name: string, measured: number, target: number, unit: string, note?: string): BenchRow {
  return { name, measured, target, unit, pass: measured <= target, ...(note ? { note } : {}) };
}

/** A row whose figure passes when it is at least `target` (a throughput). */
export function rowAtLeast(
  name: string,
  measured: number,
  target: number,
  unit: string,
  note?: string,
): BenchRow {
  return { name, measured, target, unit, atLeast: true, pass: measured >= target, ...(note ? { note } : {}) };
}

function format(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit === "×" ? "×" : ` ${unit}`}`;
}

/** Render the rows as one Markdown table, with notes numbered below it. */
export function renderTable(rows: readonly BenchRow[]): string {
  const notes: string[] = [];
  const cells = rows.map((r) => {
    let name = r.name;
    if (r.note) {
      notes.push(r.note);
      name += ` [${notes.length}]`;
    }
    const bound = `${r.atLeast ? "≥" : "≤"} ${format(r.target, r.unit)}`;
    return [name, format(r.measured, r.unit), bound, r.pass ? "pass" : "FAIL"];
  });
  const header = ["benchmark", "measured", "target", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  const out = [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)];
  if (notes.length > 0) out.push("", ...notes.map((n, i) => `[${i + 1}] ${n}`));
  return out.join("\n");
}
