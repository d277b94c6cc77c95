// Small dense float64 linear algebra for the chain of partials: singular values by one-sided
// Jacobi (accurate for the tiny values a vanishing product reaches, unlike the Gram matrix's
// eigenvalues, which square them below machine precision) and eigenvalues by Francis
// double-shift QR, because a recurrent kernel's dominant eigenvalues are usually a complex pair
// (power iteration does not converge there) and orthogonal initialisation puts every eigenvalue
// on the unit circle. Matrices are row-major Float64Array, sizes a few hundred at most.

/** A rows × cols matrix, row-major. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  if (data && data.length !== rows * cols) throw new Error(`matrix: ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
  return { rows, cols, data: data ? Float64Array.from(data) : new Float64Array(rows * cols) };
}

export function identity(n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new Error(`matmul: ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const out = matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      for (let j = 0; j < b.cols; j++) out.data[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  return out;
}

export function frobeniusNorm(a: Matrix): number {
  let scale = 0;
  for (const v of a.data) scale = Math.max(scale, Math.abs(v));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (const v of a.data) sum += (v / scale) ** 2;
  return scale * Math.sqrt(sum);
}

const MAX_SWEEPS = 80;

/** All singular values, largest first (min(rows, cols) of them), by one-sided Jacobi rotations
 *  of the columns until they are mutually orthogonal; the column norms are then the values. */
export function singularValues(a: Matrix): number[] {
  // Work on the taller orientation so the column count is min(rows, cols).
  const wide = a.cols > a.rows;
  const m = wide ? a.cols : a.rows, n = wide ? a.rows : a.cols;
  const cols: Float64Array[] = Array.from({ length: n }, (_, j) => {
    const c = new Float64Array(m);
    for (let i = 0; i < m; i++) c[i] = wide ? a.data[j * a.cols + i] : a.data[i * a.cols + j];
    return c;
  });
  const dot = (x: Float64Array, y: Float64Array) => { let s = 0; for (let i = 0; i < m; i++) s += x[i] * y[i]; return s; };
  // The squared column norms, kept through each rotation (‖c_p‖² − tγ, ‖c_q‖² + tγ) and recomputed
  // every sweep against drift: one dot product a pair instead of three (the chain panel runs this
  // for every step of a sequence).
  const norms = new Float64Array(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let j = 0; j < n; j++) norms[j] = dot(cols[j], cols[j]);
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const alpha = norms[p], beta = norms[q], cp = cols[p], cq = cols[q];
        let gamma = 0;
        for (let i = 0; i < m; i++) gamma += cp[i] * cq[i];
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (let i = 0; i < m; i++) {
          const x = cp[i], y = cq[i];
          cp[i] = c * x - s * y;
          cq[i] = s * x + c * y;
        }
        norms[p] = alpha - t * gamma;
        norms[q] = beta + t * gamma;
      }
    if (!rotated) break;
  }
  return cols.map(c => Math.sqrt(dot(c, c))).sort((x, y) => y - x);
}

/** σ_max: the spectral norm. */
export function spectralNorm(a: Matrix): number {
  if (a.rows === 0 || a.cols === 0) return 0;
  return singularValues(a)[0];
}

/** σ_max by power iteration on AᵀA: O(n²) an iteration where the Jacobi SVD is O(n³) a sweep,
 *  for the per-epoch record. Stops when σ changes by under `tolerance` (relative) or after
 *  `maxIterations` (a near-tie of σ₁ and σ₂ converges slowly; the estimate is then from below). */
export function largestSingularValue(a: Matrix, tolerance = 1e-10, maxIterations = 2000): number {
  const { rows, cols, data } = a;
  // A fixed, uneven start: no random state, and not orthogonal to the top vector in practice.
  let v = Float64Array.from({ length: cols }, (_, i) => 1 + ((i * 0.618033988749895) % 1));
  const av = new Float64Array(rows);
  let sigma = 0;
  for (let it = 0; it < maxIterations; it++) {
    av.fill(0);
    for (let i = 0; i < rows; i++) { let s = 0; for (let j = 0; j < cols; j++) s += data[i * cols + j] * v[j]; av[i] = s; }
    const next = new Float64Array(cols);
    for (let i = 0; i < rows; i++) { const x = av[i]; if (x !== 0) for (let j = 0; j < cols; j++) next[j] += data[i * cols + j] * x; }
    let norm = 0, vNorm = 0;
    for (let j = 0; j < cols; j++) { norm += next[j] * next[j]; vNorm += v[j] * v[j]; }
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    // ‖AᵀA v‖ / ‖v‖ → σ₁²
    const estimate = Math.sqrt(norm / Math.sqrt(vNorm));
    for (let j = 0; j < cols; j++) next[j] /= norm;
    v = next;
    if (Math.abs(estimate - sigma) <= tolerance * estimate) return estimate;
    sigma = estimate;
  }
  return sigma;
}

/** Iterations of the checked σ_max before it hands the matrix to the Jacobi SVD. */
const CHECKED_ITERATIONS = 300;

/** σ_max to ~1e-13: power iteration on AᵀA stopped by its residual ‖AᵀAv − ρv‖ ≤ 1e-13·ρ (ρ the
 *  Rayleigh quotient, then within the residual of an eigenvalue σ²: a near-tie of σ₁ and σ₂ keeps
 *  the residual up, where a small change per iteration would stop too early). A product of many
 *  step Jacobians is nearly rank one and converges in a few dozen iterations; what does not
 *  converge in CHECKED_ITERATIONS goes to the Jacobi SVD. */
export function spectralNormChecked(a: Matrix): number {
  const { rows, cols, data } = a;
  if (rows === 0 || cols === 0) return 0;
  let v = Float64Array.from({ length: cols }, (_, i) => 1 + ((i * 0.618033988749895) % 1));
  let vNorm = Math.hypot(...v);
  for (let j = 0; j < cols; j++) v[j] /= vNorm;
  const av = new Float64Array(rows);
  for (let it = 0; it < CHECKED_ITERATIONS; it++) {
    av.fill(0);
    for (let i = 0; i < rows; i++) { let s = 0; for (let j = 0; j < cols; j++) s += data[i * cols + j] * v[j]; av[i] = s; }
    const w = new Float64Array(cols);
    for (let i = 0; i < rows; i++) { const x = av[i]; if (x !== 0) for (let j = 0; j < cols; j++) w[j] += data[i * cols + j] * x; }
    let rho = 0;
    for (let j = 0; j < cols; j++) rho += v[j] * w[j];
    // Not a number, or a start orthogonal to every row: the SVD decides.
    if (!Number.isFinite(rho) || rho === 0) break;
    let residual = 0;
    for (let j = 0; j < cols; j++) residual += (w[j] - rho * v[j]) ** 2;
    if (Math.sqrt(residual) <= 1e-13 * rho) return Math.sqrt(rho);
    vNorm = 0;
    for (let j = 0; j < cols; j++) vNorm += w[j] * w[j];
    vNorm = Math.sqrt(vNorm);
    for (let j = 0; j < cols; j++) w[j] /= vNorm;
    v = w;
  }
  return singularValues(a)[0];
}

/** Reduces a square matrix to upper Hessenberg form by Householder reflections (in place). */
function toHessenberg(h: Float64Array, n: number): void {
  const ort = new Float64Array(n);
  for (let m = 1; m < n - 1; m++) {
    let scale = 0;
    for (let i = m; i < n; i++) scale += Math.abs(h[i * n + m - 1]);
    if (scale === 0) continue;
    let hh = 0;
    for (let i = n - 1; i >= m; i--) {
      ort[i] = h[i * n + m - 1] / scale;
      hh += ort[i] * ort[i];
    }
    let g = Math.sqrt(hh);
    if (ort[m] > 0) g = -g;
    hh -= ort[m] * g;
    ort[m] -= g;
    for (let j = m; j < n; j++) {
      let f = 0;
      for (let i = n - 1; i >= m; i--) f += ort[i] * h[i * n + j];
      f /= hh;
      for (let i = m; i < n; i++) h[i * n + j] -= f * ort[i];
    }
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let j = n - 1; j >= m; j--) f += ort[j] * h[i * n + j];
      f /= hh;
      for (let j = m; j < n; j++) h[i * n + j] -= f * ort[j];
    }
    ort[m] *= scale;
    h[m * n + m - 1] = scale * g;
  }
}

/** The eigenvalues (re, im) of a real square matrix: Hessenberg reduction, then Francis
 *  double-shift QR with deflation (the eigenvalue part of the EISPACK hqr algorithm). */
export function eigenvalues(a: Matrix): { re: number; im: number }[] {
  if (a.rows !== a.cols) throw new Error(`eigenvalues: the matrix must be square, got ${a.rows}×${a.cols}`);
  const nn = a.rows;
  const h = Float64Array.from(a.data);
  toHessenberg(h, nn);
  const H = (i: number, j: number) => h[i * nn + j];
  const set = (i: number, j: number, v: number) => { h[i * nn + j] = v; };
  const re = new Float64Array(nn), im = new Float64Array(nn);
  const eps = 2 ** -52;
  let norm = 0;
  for (let i = 0; i < nn; i++) for (let j = Math.max(i - 1, 0); j < nn; j++) norm += Math.abs(H(i, j));
  let n = nn - 1, exshift = 0, iter = 0, totalIter = 0;
  let p = 0, q = 0, r = 0, s = 0, z = 0, w = 0, x = 0, y = 0;
  while (n >= 0) {
    let l = n;
    while (l > 0) {
      s = Math.abs(H(l - 1, l - 1)) + Math.abs(H(l, l));
      if (s === 0) s = norm;
      if (Math.abs(H(l, l - 1)) < eps * s) break;
      l--;
    }
    if (l === n) {
      re[n] = H(n, n) + exshift;
      im[n] = 0;
      n--;
      iter = 0;
    } else if (l === n - 1) {
      w = H(n, n - 1) * H(n - 1, n);
      p = (H(n - 1, n - 1) - H(n, n)) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      x = H(n, n) + exshift;
      if (q >= 0) {
        z = p >= 0 ? p + z : p - z;
        re[n - 1] = x + z;
        re[n] = z !== 0 ? x - w / z : x + z;
        im[n - 1] = im[n] = 0;
      } else {
        re[n - 1] = re[n] = x + p;
        im[n - 1] = z;
        im[n] = -z;
      }
      n -= 2;
      iter = 0;
    } else {
      if (++totalIter > 100 * nn) throw new Error(`eigenvalues: QR iteration did not converge on a ${nn}×${nn} matrix`);
      x = H(n, n);
      y = H(n - 1, n - 1);
      w = H(n, n - 1) * H(n - 1, n);
      if (iter === 10) {
        // Wilkinson's exceptional shift breaks a cycle.
        exshift += x;
        for (let i = 0; i <= n; i++) set(i, i, H(i, i) - x);
        s = Math.abs(H(n, n - 1)) + Math.abs(H(n - 1, n - 2));
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter === 30) {
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = 0; i <= n; i++) set(i, i, H(i, i) - s);
          exshift += s;
          x = y = w = 0.964;
        }
      }
      iter++;
      let m = n - 2;
      while (m >= l) {
        z = H(m, m);
        r = x - z;
        s = y - z;
        p = (r * s - w) / H(m + 1, m) + H(m, m + 1);
        q = H(m + 1, m + 1) - z - r - s;
        r = H(m + 2, m + 1);
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s; q /= s; r /= s;
        if (m === l) break;
        if (Math.abs(H(m, m - 1)) * (Math.abs(q) + Math.abs(r)) <
          eps * (Math.abs(p) * (Math.abs(H(m - 1, m - 1)) + Math.abs(z) + Math.abs(H(m + 1, m + 1))))) break;
        m--;
      }
      for (let i = m + 2; i <= n; i++) {
        set(i, i - 2, 0);
        if (i > m + 2) set(i, i - 3, 0);
      }
      for (let k = m; k <= n - 1; k++) {
        const notLast = k !== n - 1;
        if (k !== m) {
          p = H(k, k - 1);
          q = H(k + 1, k - 1);
          r = notLast ? H(k + 2, k - 1) : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x === 0) continue;
          p /= x; q /= x; r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s === 0) continue;
        if (k !== m) set(k, k - 1, -s * x);
        else if (l !== m) set(k, k - 1, -H(k, k - 1));
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        for (let j = k; j < nn; j++) {
          p = H(k, j) + q * H(k + 1, j);
          if (notLast) {
            p += r * H(k + 2, j);
            set(k + 2, j, H(k + 2, j) - p * z);
          }
          set(k, j, H(k, j) - p * x);
          set(k + 1, j, H(k + 1, j) - p * y);
        }
        for (let i = 0; i <= Math.min(n, k + 3); i++) {
          p = x * H(i, k) + y * H(i, k + 1);
          if (notLast) {
            p += z * H(i, k + 2);
            set(i, k + 2, H(i, k + 2) - p * r);
          }
          set(i, k, H(i, k) - p);
          set(i, k + 1, H(i, k + 1) - p * q);
        }
      }
    }
  }
  return Array.from(re, (v, i) => ({ re: v, im: im[i] }));
}

/** ρ(W): the largest eigenvalue modulus. */
export function spectralRadius(a: Matrix): number {
  let rho = 0;
  for (const { re, im } of eigenvalues(a)) rho = Math.max(rho, Math.hypot(re, im));
  return rho;
}
