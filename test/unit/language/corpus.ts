// The rnn-cell corpus: valid and invalid cells with the exact diagnostics checkCell gives
// and the exact outcome of running them (output, Out value, or error with its range).
// Ranges are [line, column, endLine, endColumn], 1-based, end exclusive.

export type Range = [number, number, number, number];

export interface CorpusDiagnostic { severity: 'error' | 'warning' | 'information'; code: string; message: string; range: Range }

export interface CorpusCell {
  name: string;
  source: string;
  /** checkCell(source, no earlier names, the test registry) */
  diagnostics: CorpusDiagnostic[];
  /** a fresh session running the cell */
  run: { output: string; value?: string; error?: { name: string; message: string; range: Range } };
}

export const CORPUS: CorpusCell[] = [
  {
    name: "valid: seed snippet shape",
    source: "model = Sequential(name='SimpleRNN')\nmodel.add(LSTM(100))\nmodel.add(Dense(1, activation='sigmoid'))\nmodel.fit(1, 2, epochs=2, batch_size=128)",
    diagnostics: [],
    run: {output: "epoch 1\nepoch 2\n"},
  },
  {
    name: "valid: arithmetic",
    source: "x = 7 // 2\ny = 7 / 2\nx, y, 2 ** 10",
    diagnostics: [],
    run: {output: "", value: "(3, 3.5, 1024)"},
  },
  {
    name: "valid: float repr",
    source: "0.1, 1e-05, 1e16, 1.0, float('inf')",
    diagnostics: [],
    run: {output: "", value: "(0.1, 1e-05, 1e+16, 1.0, inf)"},
  },
  {
    name: "valid: f-string",
    source: "lr = 0.001\nprint(f\"lr={lr:.3f} {lr:e} {lr!r}\")",
    diagnostics: [],
    run: {output: "lr=0.001 1.000000e-03 0.001\n"},
  },
  {
    name: "valid: for with nested if",
    source: "total = 0\nfor i in range(10):\n    if i % 2 == 0:\n        total += i\n    elif i == 7:\n        break\ntotal",
    diagnostics: [],
    run: {output: "", value: "12"},
  },
  {
    name: "valid: unpacking",
    source: "(a, b), c = (1, 2), [3]\na + b, c",
    diagnostics: [],
    run: {output: "", value: "(3, [3])"},
  },
  {
    name: "valid: imports",
    source: "import tensorflow as tf\nfrom tensorflow.keras.layers import LSTM as L, Dense\ntf.keras.layers.LSTM is L",
    diagnostics: [],
    run: {output: "", value: "True"},
  },
  {
    name: "valid: dict and methods",
    source: "history = {'loss': [0.5, 0.25]}\nhistory['loss'].append(0.125)\nprint(min(history['loss']), len(history))",
    diagnostics: [],
    run: {output: "0.125 1\n"},
  },
  {
    name: "valid: slicing",
    source: "s = list(range(10))\ns[2:5], s[::3], s[-1], s[:-7]",
    diagnostics: [],
    run: {output: "", value: "([2, 3, 4], [0, 3, 6, 9], 9, [0, 1, 2])"},
  },
  {
    name: "valid: chained comparison",
    source: "1 < 2 <= 2 != 3",
    diagnostics: [],
    run: {output: "", value: "True"},
  },
  {
    name: "valid: bool precedence",
    source: "a = True\nb = False\na and not b or b",
    diagnostics: [],
    run: {output: "", value: "True"},
  },
  {
    name: "valid: comments and blank lines",
    source: "# setup\nx = 1  # one\n\n# two\nx + 1",
    diagnostics: [],
    run: {output: "", value: "2"},
  },
  {
    name: "valid: array indexing",
    source: "arr = load_text('data.txt')\narr[:, -1].tolist(), arr.shape",
    diagnostics: [],
    run: {output: "", value: "([3.0, 6.0], (2, 3))"},
  },
  {
    name: "valid: string methods",
    source: "' '.join(['a', 'b']).upper()",
    diagnostics: [],
    run: {output: "", value: "'A B'"},
  },
  {
    name: "valid: zip enumerate sorted",
    source: "sorted(zip([3, 1], 'ab')), list(enumerate('xy'))",
    diagnostics: [],
    run: {output: "", value: "([(1, 'b'), (3, 'a')], [(0, 'x'), (1, 'y')])"},
  },
  {
    name: "valid: print sep end",
    source: "print(1, 2, 3, sep=', ', end='.\\n')",
    diagnostics: [],
    run: {output: "1, 2, 3.\n"},
  },
  {
    name: "valid: star args",
    source: "args = [1, 2]\nprint(*args, **{'sep': '+'})",
    diagnostics: [],
    run: {output: "1+2\n"},
  },
  {
    name: "valid: conditional expression",
    source: "n = 5\n'big' if n > 3 else 'small'",
    diagnostics: [],
    run: {output: "", value: "'big'"},
  },
  {
    name: "valid: int float conversions",
    source: "int('12') + int(3.9), float('1.5'), str(2.0), round(2.5)",
    diagnostics: [],
    run: {output: "", value: "(15, 1.5, '2.0', 2)"},
  },
  {
    name: "valid: tuple and nested containers",
    source: "t = (1, [2, {'k': (3,)}])\nt",
    diagnostics: [],
    run: {output: "", value: "(1, [2, {'k': (3,)}])"},
  },
  {
    name: "invalid: return outside a function",
    source: "x = 1\nreturn x",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "'return' outside function", range: [2,1,2,9] },
    ],
    run: {error: {name: "SyntaxError", message: "'return' outside function", range: [2,1,2,9]}, output: ""},
  },
  {
    name: "invalid: def with a repeated parameter",
    source: "def f(x, x):\n    return x",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "duplicate argument 'x' in function definition", range: [1,10,1,11] },
    ],
    run: {error: {name: "SyntaxError", message: "duplicate argument 'x' in function definition", range: [1,10,1,11]}, output: ""},
  },
  {
    name: "invalid: class",
    source: "class A:\n    pass",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "`class` definitions are not supported in rnn cells", range: [1,1,1,6] },
    ],
    run: {error: {name: "SyntaxError", message: "`class` definitions are not supported in rnn cells", range: [1,1,1,6]}, output: ""},
  },
  {
    name: "invalid: lambda called with too many arguments",
    source: "key = lambda x: x\nkey(1, 2)",
    diagnostics: [
      { severity: "error", code: "TypeError", message: "<lambda>() takes 1 positional argument but 2 were given", range: [2,8,2,9] },
    ],
    run: {error: {name: "TypeError", message: "<lambda>() takes 1 positional argument but 2 were given", range: [2,1,2,10]}, output: ""},
  },
  {
    name: "invalid: try",
    source: "try:\n    x = 1\nexcept Exception:\n    pass",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "`try` statements are not supported in rnn cells", range: [1,1,1,4] },
    ],
    run: {error: {name: "SyntaxError", message: "`try` statements are not supported in rnn cells", range: [1,1,1,4]}, output: ""},
  },
  {
    name: "invalid: with",
    source: "with open('f') as f:\n    pass",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "`with` statements are not supported in rnn cells", range: [1,1,1,5] },
    ],
    run: {error: {name: "SyntaxError", message: "`with` statements are not supported in rnn cells", range: [1,1,1,5]}, output: ""},
  },
  {
    name: "invalid: comprehension variable does not leak",
    source: "squares = [i * i for i in range(3)]\nprint(i)",
    diagnostics: [
      { severity: "error", code: "NameError", message: "name 'i' is not defined", range: [2,7,2,8] },
    ],
    run: {error: {name: "NameError", message: "name 'i' is not defined", range: [2,7,2,8]}, output: ""},
  },
  {
    name: "invalid: nonlocal at module level",
    source: "nonlocal x",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "nonlocal declaration not allowed at module level", range: [1,1,1,11] },
    ],
    run: {error: {name: "SyntaxError", message: "nonlocal declaration not allowed at module level", range: [1,1,1,11]}, output: ""},
  },
  {
    name: "valid: numpy import",
    source: "import numpy as np\nnp.zeros(2)",
    diagnostics: [],
    run: {output: "", value: "array([0., 0.])"},
  },
  {
    name: "invalid: from os import",
    source: "from os import path",
    diagnostics: [
      { severity: "error", code: "ModuleNotFoundError", message: "module 'os' is not available in rnn cells; only keras/tensorflow/numpy names, math and random are", range: [1,6,1,8] },
    ],
    run: {error: {name: "ModuleNotFoundError", message: "module 'os' is not available in rnn cells; only keras/tensorflow/numpy names, math and random are", range: [1,6,1,8]}, output: ""},
  },
  {
    name: "invalid: syntax error",
    source: "x = (1 +",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "invalid syntax", range: [1,8,1,9] },
    ],
    run: {error: {name: "SyntaxError", message: "invalid syntax", range: [1,8,1,9]}, output: ""},
  },
  {
    name: "invalid: syntax garbage",
    source: "x = 3 $ 4",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "invalid syntax", range: [1,7,1,8] },
      { severity: "error", code: "SyntaxError", message: "invalid syntax", range: [1,9,1,10] },
    ],
    run: {error: {name: "SyntaxError", message: "invalid syntax", range: [1,7,1,8]}, output: ""},
  },
  {
    name: "invalid: unknown name",
    source: "modle = 1\nprint(mdoel)",
    diagnostics: [
      { severity: "error", code: "NameError", message: "name 'mdoel' is not defined", range: [2,7,2,12] },
    ],
    run: {error: {name: "NameError", message: "name 'mdoel' is not defined", range: [2,7,2,12]}, output: ""},
  },
  {
    name: "invalid: unknown keyword",
    source: "LSTM(unit=32)",
    diagnostics: [
      { severity: "error", code: "TypeError", message: "LSTM() got an unexpected keyword argument 'unit'. Did you mean 'units'?", range: [1,6,1,10] },
    ],
    run: {error: {name: "TypeError", message: "LSTM() got an unexpected keyword argument 'unit'. Did you mean 'units'?", range: [1,1,1,14]}, output: ""},
  },
  {
    name: "invalid: literal type",
    source: "Dense('8')",
    diagnostics: [
      { severity: "error", code: "TypeError", message: "Dense() argument 'units' must be int, not str", range: [1,7,1,10] },
    ],
    run: {error: {name: "TypeError", message: "Dense() argument 'units' must be int, not str", range: [1,1,1,11]}, output: ""},
  },
  {
    name: "invalid: unknown choice",
    source: "LSTM(8, activation='rleu')",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "LSTM() got an unknown activation 'rleu' (one of 'tanh', 'relu', 'sigmoid', 'linear')", range: [1,20,1,26] },
    ],
    run: {error: {name: "ValueError", message: "LSTM() got an unknown activation 'rleu' (one of 'tanh', 'relu', 'sigmoid', 'linear')", range: [1,1,1,27]}, output: ""},
  },
  {
    name: "invalid: attribute typo",
    source: "model = Sequential()\nmodel.fitt(1, 2)",
    diagnostics: [
      { severity: "error", code: "AttributeError", message: "'Sequential' object has no attribute 'fitt'. Did you mean: 'fit'?", range: [2,7,2,11] },
    ],
    run: {error: {name: "AttributeError", message: "'Sequential' object has no attribute 'fitt'. Did you mean: 'fit'?", range: [2,1,2,11]}, output: ""},
  },
  {
    name: "invalid: method keyword typo",
    source: "model = Sequential()\nmodel.fit(1, 2, epoch=3)",
    diagnostics: [
      { severity: "error", code: "TypeError", message: "Sequential.fit() got an unexpected keyword argument 'epoch'. Did you mean 'epochs'?", range: [2,17,2,22] },
    ],
    run: {error: {name: "TypeError", message: "Sequential.fit() got an unexpected keyword argument 'epoch'. Did you mean 'epochs'?", range: [2,1,2,25]}, output: ""},
  },
  {
    name: "invalid: missing argument",
    source: "layer = LSTM()",
    diagnostics: [
      { severity: "error", code: "TypeError", message: "LSTM() missing required argument 'units'", range: [1,9,1,15] },
    ],
    run: {error: {name: "TypeError", message: "LSTM() missing required argument 'units'", range: [1,9,1,15]}, output: ""},
  },
  {
    name: "invalid: module attribute typo",
    source: "import keras\nkeras.layers.LSTMM(3)",
    diagnostics: [
      { severity: "error", code: "AttributeError", message: "module 'keras.layers' has no attribute 'LSTMM'. Did you mean: 'LSTM'?", range: [2,14,2,19] },
    ],
    run: {error: {name: "AttributeError", message: "module 'keras.layers' has no attribute 'LSTMM'. Did you mean: 'LSTM'?", range: [2,1,2,19]}, output: ""},
  },
  {
    name: "invalid: import unknown name",
    source: "from keras.layers import Foo",
    diagnostics: [
      { severity: "error", code: "ImportError", message: "cannot import name 'Foo' from 'keras.layers'", range: [1,26,1,29] },
    ],
    run: {error: {name: "ImportError", message: "cannot import name 'Foo' from 'keras.layers'", range: [1,26,1,29]}, output: ""},
  },
  {
    name: "invalid: not yet available",
    source: "from keras.layers import GRU\nGRU(16)",
    diagnostics: [
      { severity: "warning", code: "NotImplementedError", message: "GRU is not available yet in this version of Unroll", range: [2,1,2,4] },
    ],
    run: {error: {name: "NotImplementedError", message: "GRU is not available yet in this version of Unroll", range: [2,1,2,8]}, output: ""},
  },
  {
    name: "invalid: zero division",
    source: "x = 0\n1 / x",
    diagnostics: [],
    run: {error: {name: "ZeroDivisionError", message: "division by zero", range: [2,1,2,6]}, output: ""},
  },
  {
    name: "invalid: index error",
    source: "xs = [1, 2, 3]\nxs[3]",
    diagnostics: [],
    run: {error: {name: "IndexError", message: "list index out of range", range: [2,1,2,6]}, output: ""},
  },
  {
    name: "invalid: key error",
    source: "d = {'a': 1}\nd['b']",
    diagnostics: [],
    run: {error: {name: "KeyError", message: "'b'", range: [2,1,2,7]}, output: ""},
  },
  {
    name: "invalid: type error concat",
    source: "'epoch ' + 3",
    diagnostics: [],
    run: {error: {name: "TypeError", message: "can only concatenate str (not \"int\") to str", range: [1,1,1,13]}, output: ""},
  },
  {
    name: "invalid: unpack mismatch",
    source: "a, b = 1, 2, 3",
    diagnostics: [],
    run: {error: {name: "ValueError", message: "too many values to unpack (expected 2)", range: [1,1,1,5]}, output: ""},
  },
  {
    name: "invalid: break outside loop",
    source: "break",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "'break' outside loop", range: [1,1,1,6] },
    ],
    run: {error: {name: "SyntaxError", message: "'break' outside loop", range: [1,1,1,6]}, output: ""},
  },
  {
    name: "invalid: bitwise",
    source: "mask = 1 << 2",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "the bitwise operator `<<` is not supported in rnn cells", range: [1,10,1,12] },
    ],
    run: {error: {name: "SyntaxError", message: "the bitwise operator `<<` is not supported in rnn cells", range: [1,10,1,12]}, output: ""},
  },
  {
    name: "invalid: memory",
    source: "big = [0] * 10**9",
    diagnostics: [],
    run: {error: {name: "MemoryError", message: "a list of 1000000000 elements is over the 10,000,000-element limit of rnn cells", range: [1,7,1,18]}, output: ""},
  },
  {
    name: "invalid: print statement",
    source: "print \"hello\"",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "Missing parentheses in call to 'print'. Did you mean print(...)?", range: [1,1,1,14] },
    ],
    run: {error: {name: "SyntaxError", message: "Missing parentheses in call to 'print'. Did you mean print(...)?", range: [1,1,1,14]}, output: ""},
  },
  {
    name: "invalid: walrus",
    source: "(y := 3)",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "the walrus operator `:=` is not supported in rnn cells", range: [1,2,1,8] },
    ],
    run: {error: {name: "SyntaxError", message: "the walrus operator `:=` is not supported in rnn cells", range: [1,2,1,8]}, output: ""},
  },
  {
    name: "invalid: unhashable set item",
    source: "s = {1, [2]}",
    diagnostics: [],
    run: {error: {name: "TypeError", message: "unhashable type: 'list'", range: [1,5,1,13]}, output: ""},
  },
  {
    name: "invalid: not callable",
    source: "x = 3\nx(1)",
    diagnostics: [],
    run: {error: {name: "TypeError", message: "'int' object is not callable", range: [2,1,2,5]}, output: ""},
  },
  {
    name: "invalid: several broken statements",
    source: "a = 1\nclass A:\n    pass\nb = {**a for a in []}",
    diagnostics: [
      { severity: "error", code: "SyntaxError", message: "`class` definitions are not supported in rnn cells", range: [2,1,2,6] },
      { severity: "error", code: "SyntaxError", message: "dict unpacking cannot be used in dict comprehension", range: [4,6,4,9] },
    ],
    run: {error: {name: "SyntaxError", message: "`class` definitions are not supported in rnn cells", range: [2,1,2,6]}, output: ""},
  },
];
