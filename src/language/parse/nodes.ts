// Small helpers over lezer's SyntaxNode: children without comments, text, error search.
import type { SyntaxNode } from '@lezer/common';

export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** The first error node inside `node` (itself included), in source order; iterative so deep trees are safe. */
export function firstErrorIn(node: SyntaxNode): SyntaxNode | undefined {
  const stack: SyntaxNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type.isError) return n;
    const kids: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) kids.push(c);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return undefined;
}

/** Splits a flat child list at tokens named `separator` (e.g. the commas of a bare tuple). */
export function splitAt(nodes: SyntaxNode[], separator: string): { groups: SyntaxNode[][]; trailing: boolean } {
  const groups: SyntaxNode[][] = [[]];
  for (const n of nodes) {
    if (n.name === separator) groups.push([]);
    else groups[groups.length - 1].push(n);
  }
  const trailing = groups.length > 1 && groups[groups.length - 1].length === 0;
  if (trailing) groups.pop();
  return { groups, trailing };
}
