// Keras 3 optimizers as graph code: each update reads (param, grad, slots, lr, step) and emits the
// new param and slots. `step` is Keras's iterations + 1 (a float scalar input), `lr` an input too,
// so schedules and ReduceLROnPlateau change nothing in the graph.
import type { Graph } from '../graph/graph';
import type { Value } from '../graph/types';
import * as op from '../ops';

export type { OptimizerConfig } from '../../keras/compile';
import type { OptimizerConfig } from '../../keras/compile';

interface Slot {
  name: string;
  /** Initial fill value. */
  init: number;
}

export interface Optimizer {
  readonly config: Required<Pick<OptimizerConfig, 'name' | 'learning_rate'>> & OptimizerConfig;
  slots(): Slot[];
  update(g: Graph, p: Value, grad: Value, slots: Value[], lr: Value, step: Value): { param: Value; slots: Value[] };
}

/** Keras defaults per optimizer. */
const DEFAULTS: Record<OptimizerConfig['name'], Partial<OptimizerConfig>> = {
  sgd: { learning_rate: 0.01, momentum: 0, nesterov: false },
  adam: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
  rmsprop: { learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 },
  adagrad: { learning_rate: 0.001, initial_accumulator_value: 0.1, epsilon: 1e-7 },
};

export function makeOptimizer(cfg: OptimizerConfig | OptimizerConfig['name']): Optimizer {
  const c0 = typeof cfg === 'string' ? { name: cfg } : cfg;
  const name = c0.name.toLowerCase() as OptimizerConfig['name'];
  if (!(name in DEFAULTS)) throw new Error(`unknown optimizer '${c0.name}' (sgd, adam, rmsprop, adagrad)`);
  const config = { ...DEFAULTS[name], ...c0, name } as Optimizer['config'];
  const k = (g: Graph, like: Value, v: number) => op.constLike(g, like, v);
  switch (name) {
    case 'sgd': {
      const mom = config.momentum ?? 0;
      return {
        config,
        slots: () => (mom > 0 ? [{ name: 'momentum', init: 0 }] : []),
        update: (g, p, gr, slots, lr) => {
          const step = op.mul(g, gr, lr);
          if (mom === 0) return { param: op.sub(g, p, step), slots: [] };
          // m = μ·m − lr·g;  p += m  (nesterov: p += μ·m − lr·g)
          const m = op.sub(g, op.mul(g, slots[0], k(g, p, mom)), step);
          const delta = config.nesterov ? op.sub(g, op.mul(g, m, k(g, p, mom)), step) : m;
          return { param: op.add(g, p, delta), slots: [m] };
        },
      };
    }
    case 'adam': {
      const b1 = config.beta_1!;
      const b2 = config.beta_2!;
      const eps = config.epsilon!;
      return {
        config,
        slots: () => [
          { name: 'm', init: 0 },
          { name: 'v', init: 0 },
        ],
        update: (g, p, gr, [m, v], lr, t) => {
          // lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ);  m += (g − m)(1 − β1);  v += (g² − v)(1 − β2)
          const b1t = op.pow(g, k(g, t, b1), t);
          const b2t = op.pow(g, k(g, t, b2), t);
          const lrT = op.div(g, op.mul(g, lr, op.sqrt(g, op.rsubC(g, 1, b2t))), op.rsubC(g, 1, b1t));
          const m2 = op.add(g, m, op.mulC(g, op.sub(g, gr, m), 1 - b1));
          const v2 = op.add(g, v, op.mulC(g, op.sub(g, op.mul(g, gr, gr), v), 1 - b2));
          const upd = op.div(g, op.mul(g, m2, lrT), op.addC(g, op.sqrt(g, v2), eps));
          return { param: op.sub(g, p, upd), slots: [m2, v2] };
        },
      };
    }
    case 'rmsprop': {
      const rho = config.rho!;
      const eps = config.epsilon!;
      const mom = config.momentum ?? 0;
      return {
        config,
        slots: () => [{ name: 'velocity', init: 0 }, ...(mom > 0 ? [{ name: 'momentum', init: 0 }] : [])],
        update: (g, p, gr, slots, lr) => {
          // v = ρ·v + (1 − ρ)·g²;  Δ = lr·g/√(v + ε)
          const v2 = op.add(g, op.mulC(g, slots[0], rho), op.mulC(g, op.mul(g, gr, gr), 1 - rho));
          const inc = op.div(g, op.mul(g, gr, lr), op.sqrt(g, op.addC(g, v2, eps)));
          if (mom === 0) return { param: op.sub(g, p, inc), slots: [v2] };
          const m2 = op.add(g, op.mulC(g, slots[1], mom), inc);
          return { param: op.sub(g, p, m2), slots: [v2, m2] };
        },
      };
    }
    case 'adagrad': {
      const eps = config.epsilon!;
      return {
        config,
        slots: () => [{ name: 'accumulator', init: config.initial_accumulator_value! }],
        update: (g, p, gr, [acc], lr) => {
          // acc += g²;  p −= lr·g/√(acc + ε)
          const acc2 = op.add(g, acc, op.mul(g, gr, gr));
          return { param: op.sub(g, p, op.div(g, op.mul(g, gr, lr), op.sqrt(g, op.addC(g, acc2, eps)))), slots: [acc2] };
        },
      };
    }
  }
}
