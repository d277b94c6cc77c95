// JSON Lines: one JSON value per line; blank lines (the trailing newline) are skipped.
export function parseJsonl<T>(text: string, what: string): T[] {
  const out: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line) as T);
    } catch (e) {
      throw new Error(`${what}: line ${i + 1} is not JSON (${(e as Error).message})`);
    }
  });
  return out;
}
