// Messages for Python constructs outside the rnn subset. A user who writes one should
// read what it is and that it is not available, not a generic "invalid syntax".

const BY_NODE: Record<string, string> = {
  ClassDefinition: '`class` definitions are not supported in rnn cells',
  DecoratedStatement: 'decorators are not supported in rnn cells',
  TryStatement: '`try` statements are not supported in rnn cells',
  WithStatement: '`with` statements are not supported in rnn cells',
  AssertStatement: '`assert` statements are not supported in rnn cells',
  RaiseStatement: '`raise` statements are not supported in rnn cells',
  YieldStatement: '`yield` is not supported in rnn cells',
  YieldExpression: '`yield` is not supported in rnn cells',
  AwaitExpression: '`await` is not supported in rnn cells',
  NamedExpression: 'the walrus operator `:=` is not supported in rnn cells',
  MatchStatement: '`match` statements are not supported in rnn cells',
  TypeDefinition: '`type` statements are not supported in rnn cells',
  TypeDef: 'type annotations are not supported in rnn cells',
  PrintStatement: "Missing parentheses in call to 'print'. Did you mean print(...)?",
};

/** The message for a lezer node that has no place in an rnn cell, if it is one we know. */
export function unsupportedNodeMessage(nodeName: string): string | undefined {
  return BY_NODE[nodeName];
}

export function unsupportedOperatorMessage(op: string): string {
  return `the bitwise operator \`${op}\` is not supported in rnn cells`;
}
