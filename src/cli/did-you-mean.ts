/**
 * "Did you mean …?" for the CLI: the known name closest to a mistyped one, by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours each cost 1).
 */

/** Edit distance between a and b (optimal string alignment: a swap of two neighbours counts once). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) { row.push(j); continue; }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known name closest to `typed`, if it is close enough to be a typo: at most 2 edits, and fewer
 * edits than half the typed length (so "-x" suggests nothing). Ties go to the first name given.
 */
export function closestName(typed: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) { best = name; bestDistance = d; }
  }
  return bestDistance <= 2 && bestDistance * 2 < typed.length ? best : undefined;
}
