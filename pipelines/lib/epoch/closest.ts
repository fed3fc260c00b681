// Suggestions for a name that is not in a list: the few closest by edit distance, case and spacing ignored.

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

const fold = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** The `n` names of `names` closest to `name`, nearest first (ties in list order). */
export function closestNames(name: string, names: Iterable<string>, n = 3): string[] {
  const target = fold(name);
  // A name that extends the target by a qualifier ("GPT-4" → "GPT-4 (Mar 2023)") comes before mere near spellings.
  const extends_ = (s: string) => s.startsWith(`${target} `) || target.startsWith(`${s} `);
  return [...names]
    .map((s, i) => ({ s, i, e: extends_(fold(s)) ? 0 : 1, d: distance(target, fold(s)) }))
    .sort((a, b) => a.e - b.e || a.d - b.d || a.i - b.i)
    .slice(0, n)
    .map((x) => x.s.trim());
}
