// The Chain of Partials panel's one-line reading: computed from the product norms it is given
// (here built as cumulative products of a per-step factor), so it names the decade the product
// reached, the steps, the average factor a step and the verdict, and says NaN/Inf as such.
import * as assert from 'node:assert/strict';
import { chainReading, chainVerdict, spectrumReading, type ChainLayer } from '../../../src/protocol/gradients';

/** A chain whose product from step t to T is factor^(T−t), as a constant step Jacobian would give. */
function chainOf(kind: string, factor: number, T: number): ChainLayer {
  const productNorm: number[] = [];
  let p = 1;
  for (let t = T - 1; t >= 0; t--) { p *= factor; productNorm[t] = p; }
  const steps = new Array<number>(T).fill(factor);
  return { layer: kind.toLowerCase(), kind, units: 4, state: 'h', stepFrobenius: steps, stepSpectral: steps, stepSingularValues: steps.map(v => [v]), productNorm, spectralRadius: factor, sigmaMax: factor };
}

describe('protocol: the chain of partials reading', () => {
  it('a SimpleRNN whose product shrinks 0.76 a step over 50 steps: 10^-6, vanishes', () => {
    const c = chainOf('SimpleRNN', 0.76, 50);
    assert.equal(chainVerdict(c), 'vanishing');
    assert.equal(chainReading(c), "the product shrinks to 10^-6 over 50 steps (×0.76 a step on average): a SimpleRNN's gradient from step 1 vanishes");
  });

  it('kept near 1 (an LSTM), exploding, and a different length give different words', () => {
    const kept = chainOf('LSTM', 0.99, 30);
    assert.equal(chainVerdict(kept), 'kept');
    assert.equal(chainReading(kept), `the product stays at ${Number((0.99 ** 30).toPrecision(3))} over 30 steps (×0.99 a step on average): an LSTM's gradient from step 1 survives (the loss at step 30 still reaches it)`);
    const exploding = chainOf('GRU', 1.3, 20);
    assert.equal(chainVerdict(exploding), 'exploding');
    assert.equal(chainReading(exploding), "the product grows to 10^2 over 20 steps (×1.3 a step on average): a GRU's gradient from step 1 explodes");
    assert.match(chainReading(chainOf('SimpleRNN', 0.5, 12)), /shrinks to 10\^-4 over 12 steps \(×0\.5 a step/);
  });

  it('NaN and Inf are named with the step they start at; an unavailable layer says why; underflow to 0 is not NaN', () => {
    const c = chainOf('SimpleRNN', 0.9, 10);
    c.productNorm[3] = NaN;
    assert.equal(chainVerdict(c), 'nonfinite');
    assert.match(chainReading(c), /^the product is NaN from step 4 back to step 1/);
    c.productNorm[3] = 0.5;
    c.productNorm[1] = Infinity;
    assert.match(chainReading(c), /^the product is Inf from step 2 back to step 1/);
    assert.equal(chainReading({ ...c, unavailable: 'cannot recompute the input' }), 'cannot recompute the input');
    const under = chainOf('SimpleRNN', 0.9, 3);
    under.productNorm[0] = 0;
    assert.match(chainReading(under), /underflows to 0 over 3 steps/);
    assert.equal(spectrumReading({ spectralRadius: [1.2, 0.8], sigmaMax: [1.5, 1.1] }), 'after epoch 2, ρ(W_hh) = 0.8 (below 1.0: powers of W_hh shrink); σ_max = 1.1');
    assert.match(spectrumReading({ spectralRadius: [NaN], sigmaMax: [NaN] }), /ρ\(W_hh\) is NaN/);
  });
});
