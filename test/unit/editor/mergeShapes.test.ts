// The editor's shape checks through merge and attention layers called on a list of tensors:
// their output shapes flow on to later layers, and certain mismatches are reported at the call.
import * as assert from 'assert';
import { analyseNotebook } from '../../../src/language/analysis/analyser';
import { registry } from './helpers';

const shapes = (source: string) => analyseNotebook(registry, [source]).at(-1)!.shapes.map(d => d.message);

const INPUTS = `
a = Input(shape=(None, 8))
b = Input(shape=(None, 4))
c = Input(shape=(None, 8))`;

describe('editor: shapes through merge and attention layers', () => {
  it('valid merges and attention report nothing', () => {
    assert.deepStrictEqual(shapes(`${INPUTS}
x = Concatenate()([a, b])
y = Add()([a, c])
z = Average()([a, c, y])
m = Multiply()([a, c])
d = Dot(axes=(2, 2))([a, c])
o, s = Attention()([a, b, c], return_attention_scores=True)
q = AdditiveAttention()([a, c])
h = LSTM(16)(Concatenate()([o, q]))`), []);
  });

  it('a merged shape flows on: Concatenate gives (None, None, 12), which RepeatVector cannot take', () => {
    const found = shapes(`${INPUTS}\nx = Concatenate()([a, b])\nr = RepeatVector(3)(x)`);
    assert.strictEqual(found.length, 1);
    assert.match(found[0], /RepeatVector expects a 2D input \(batch, features\) but .*\(None, None, 12\)/);
  });

  it("Attention's output has the value's features and flows on", () => {
    const found = shapes(`${INPUTS}\nctx = Attention()([a, b, c])\nr = RepeatVector(2)(ctx)`);
    assert.match(found[0], /\(None, None, 4\)/);
  });

  it('mismatches are reported at the call', () => {
    assert.match(shapes(`${INPUTS}\ny = Add()([a, b])`)[0], /Add: shapes \(None, None, 8\), \(None, None, 4\) cannot be broadcast/);
    assert.match(shapes(`${INPUTS}\ny = Concatenate(axis=1)([a, b])`)[0], /Concatenate: shapes .* differ on axis 2/);
    assert.match(shapes(`${INPUTS}\ny = Dot(axes=2)([a, b])`)[0], /Dot: the summed axes have different sizes/);
    assert.match(shapes(`${INPUTS}\ny = Attention()([a, b])`)[0], /Attention: query and key must have the same feature size/);
    assert.match(shapes(`${INPUTS}\ny = Add()(a)`)[0], /Add takes a list of tensors/);
  });

  it('arguments not known statically make the checker silent', () => {
    assert.deepStrictEqual(shapes(`${INPUTS}\nk = pick(1)\ny = Concatenate(axis=k)([a, b])\nr = RepeatVector(2)(y)`), []);
    assert.deepStrictEqual(shapes(`${INPUTS}\nflag = pick(1)\ny = Attention()([a, c], return_attention_scores=flag)`), []);
  });
});
