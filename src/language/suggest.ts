// "Did you mean" for names, attributes, keywords and choices, as CPython computes it:
// Levenshtein distance where an edit costs 2 and a case change 1, accepted up to
// (len(a) + len(b) + 3) / 3; ties go to the first candidate.

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => 2 * i);
  for (let i = 1; i <= a.length; i++) {
    const current = [2 * i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 1 : 2;
      current[j] = Math.min(previous[j] + 2, current[j - 1] + 2, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The closest candidate, or undefined when nothing is close enough to be a typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > 60) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const limit = (name.length + candidate.length + 3) / 3;
    if (candidate === name || 2 * Math.abs(candidate.length - name.length) > limit) continue;
    const d = editDistance(name, candidate);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** ". Did you mean: 'x'?" (Python 3.12's wording for names and attributes), or ''. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closest(name, candidates);
  return match === undefined ? '' : `. Did you mean: '${match}'?`;
}
