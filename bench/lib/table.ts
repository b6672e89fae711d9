/** Plain-text tables for the terminal, and the number formats the reports use. */

export interface Column {
  header: string;
  /** Numbers read best right-aligned; names left-aligned (the default for the first column). */
  align?: 'left' | 'right';
}

/** A table with a header rule; every cell is already a string. Missing cells print as empty. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, i) => Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const alignOf = (i: number) => columns[i]?.align ?? (i === 0 ? 'left' : 'right');
  const cell = (text: string, i: number) => (alignOf(i) === 'left' ? text.padEnd(widths[i]!) : text.padStart(widths[i]!));
  const line = (cells: readonly string[]) => columns.map((_, i) => cell(cells[i] ?? '', i)).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A number with a fixed count of decimals; `-` for null/undefined/NaN. */
export function num(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Three significant digits at most, without exponent, for values of any size (latencies, µs/event). */
export function sig(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  if (abs >= 100) return num(value, 0);
  if (abs >= 10) return num(value, 1);
  if (abs >= 1) return num(value, 2);
  return num(value, 3);
}

/** Bytes as KB (1 KB = 1024 B) with one decimal. */
export const kb = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? '-' : num(bytes / 1024, 1));

/** `a / b` as `×N.N`; `-` when either side is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '-';
  const r = a / b;
  return `×${r >= 10 ? num(r, 0) : num(r, r >= 1 ? 1 : 2)}`;
}
