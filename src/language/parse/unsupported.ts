// Messages for Python constructs outside the rnn subset. A user who writes one should
// read what it is and that it is not available, not a generic "invalid syntax".

const BY_NODE: Record<string, string> = {
  WhileStatement: '`while` loops are not supported in rnn cells',
  FunctionDefinition: '`def` (function definitions) is not supported in rnn cells',
  ClassDefinition: '`class` definitions are not supported in rnn cells',
  DecoratedStatement: 'decorators are not supported in rnn cells',
  LambdaExpression: '`lambda` is not supported in rnn cells',
  TryStatement: '`try` statements are not supported in rnn cells',
  WithStatement: '`with` statements are not supported in rnn cells',
  ArrayComprehensionExpression: 'comprehensions are not supported in rnn cells; use a `for` loop',
  SetComprehensionExpression: 'comprehensions are not supported in rnn cells; use a `for` loop',
  DictionaryComprehensionExpression: 'comprehensions are not supported in rnn cells; use a `for` loop',
  ComprehensionExpression: 'comprehensions are not supported in rnn cells; use a `for` loop',
  AssertStatement: '`assert` statements are not supported in rnn cells',
  RaiseStatement: '`raise` statements are not supported in rnn cells',
  ReturnStatement: '`return` is not supported in rnn cells',
  YieldStatement: '`yield` is not supported in rnn cells',
  YieldExpression: '`yield` is not supported in rnn cells',
  AwaitExpression: '`await` is not supported in rnn cells',
  NamedExpression: 'the walrus operator `:=` is not supported in rnn cells',
  SetExpression: 'sets are not supported in rnn cells',
  MatchStatement: '`match` statements are not supported in rnn cells',
  TypeDefinition: '`type` statements are not supported in rnn cells',
  TypeDef: 'type annotations are not supported in rnn cells',
  PrintStatement: "Missing parentheses in call to 'print'. Did you mean print(...)?",
};

/** The message for a lezer node that has no place in an rnn cell, if it is one we know. */
export function unsupportedNodeMessage(nodeName: string, text: string): string | undefined {
  if (nodeName === 'ScopeStatement') {
    const keyword = text.trim().startsWith('nonlocal') ? 'nonlocal' : 'global';
    return `\`${keyword}\` statements are not supported in rnn cells`;
  }
  return BY_NODE[nodeName];
}

export function unsupportedOperatorMessage(op: string): string {
  return `the bitwise operator \`${op}\` is not supported in rnn cells`;
}
