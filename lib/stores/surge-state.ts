/**
 * Surge cells as the client holds them: a `full` event replaces everything, a partial one
 * merges changed cells, and a multiplier of 1 clears a cell.
 */
export type SurgeCells = ReadonlyMap<string, number>;

export function receiveSurge(cells: SurgeCells, event: { full: boolean; cells: Array<{ h3: string; multiplier: number }> }): SurgeCells {
  const next = new Map(event.full ? [] : cells);
  for (const { h3, multiplier } of event.cells) {
    if (multiplier > 1) next.set(h3, multiplier);
    else next.delete(h3);
  }
  return next;
}
