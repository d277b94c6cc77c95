/**
 * Fan-in / fan-out exactly as Keras 3 `keras.src.initializers.random_initializers.compute_fans`:
 *   rank 0   → (1, 1)
 *   rank 1   → (shape[0], shape[0])
 *   rank 2   → (shape[0], shape[1])            // Dense/RNN kernels are [in, out]
 *   rank ≥ 3 → receptive = prod(shape[:-2]);  (shape[-2]·receptive, shape[-1]·receptive)
 * The rank ≥ 3 rule treats the leading dims as a convolution's receptive field.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 1) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`invalid dimension ${d} in shape [${shape.join(', ')}]`);
    n *= d;
  }
  return n;
}
