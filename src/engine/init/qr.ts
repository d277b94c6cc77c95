/**
 * Reduced QR by Householder reflections, float64, for the Orthogonal initializer.
 * A: [m, n] row-major with m ≥ n. Returns Q: [m, n] (orthonormal columns) and the
 * diagonal of R: [n]. Householder rather than Gram–Schmidt because it stays
 * orthogonal to machine precision even for the 1024×1024 kernels a user may ask for.
 */
export function householderQR(a: Float64Array, m: number, n: number): { q: Float64Array; rDiag: Float64Array } {
  if (m < n) throw new Error(`householderQR needs m >= n, got ${m}x${n}`);
  const r = Float64Array.from(a); // [m, n], reduced in place to R
  const vs: Float64Array[] = []; // Householder vectors, v_k has length m − k
  const rDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // x = R[k:, k]
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i * n + k] * r[i * n + k];
    norm = Math.sqrt(norm);
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = r[i * n + k];
    // Reflect x onto −sign(x0)·||x||·e1: adding with the same sign avoids cancellation.
    const alpha = v[0] >= 0 ? -norm : norm;
    v[0] -= alpha;
    let vnorm2 = 0;
    for (let i = 0; i < v.length; i++) vnorm2 += v[i] * v[i];
    if (vnorm2 > 0) {
      // R[k:, j] -= 2 v (vᵀ R[k:, j]) / (vᵀv)  for j ≥ k
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = k; i < m; i++) dot += v[i - k] * r[i * n + j];
        const s = (2 * dot) / vnorm2;
        for (let i = k; i < m; i++) r[i * n + j] -= s * v[i - k];
      }
    }
    vs.push(vnorm2 > 0 ? v : new Float64Array(m - k));
    rDiag[k] = r[k * n + k];
  }
  // Q = H_0 H_1 … H_{n-1} applied to the first n columns of I_m, back to front.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    let vnorm2 = 0;
    for (let i = 0; i < v.length; i++) vnorm2 += v[i] * v[i];
    if (vnorm2 === 0) continue;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k] * q[i * n + j];
      const s = (2 * dot) / vnorm2;
      for (let i = k; i < m; i++) q[i * n + j] -= s * v[i - k];
    }
  }
  return { q, rDiag };
}
