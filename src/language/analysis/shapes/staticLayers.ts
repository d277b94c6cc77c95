// A layer made in a cell, known without running it: which Keras class, with which arguments as
// far as they are literals, described as a layer spec whose shapes come from the Keras shape
// rules (src/keras), the same rules the engine's layers answer with.
// An argument that is not known statically is replaced by a placeholder and the dimension it
// decides is marked unknown ('?'), so nothing is ever claimed about it.
import { Dim, isRecurrentClass } from '../../../keras/shapes';
import { LayerSpec, callOutputShapes, layerStates, listCallOutputShapes } from '../../../keras/layerShapes';
import { LIST_LAYERS } from '../../../keras/layers';
import type { Primitive } from '../../../keras/signature';

/** A dimension nobody can know without running (an argument read from data). */
const UNKNOWN_DIM = '?';
/** The time axis of a sequence whose length is not fixed. */
export const TIME_DIM = 'T';

export type Dims = readonly Dim[];

/** A statically known argument: its value, or undefined when it comes from data or a call. */
export type Known = bigint | number | boolean | string | null | Dims | StaticLayer | undefined;

const LAYER_CLASSES = new Set([
  'Dense', 'Embedding', 'Masking', 'SimpleRNN', 'LSTM', 'GRU', 'Dropout', 'RepeatVector', 'Bidirectional', 'TimeDistributed', 'Activation',
  ...LIST_LAYERS,
]);

export class StaticLayer {
  constructor(
    readonly className: string,
    /** How the cell wrote it, for messages: `LSTM(32)`. */
    readonly label: string,
    /** The layer as the shape rules read it; undefined where no call of it is valid (Bidirectional of a backwards layer). */
    readonly spec: LayerSpec | undefined,
    /** Output shape → the same with the dims decided by unknown arguments marked unknown. */
    readonly blurOutput: (dims: Dims) => Dims,
    readonly args: ReadonlyMap<string, Known>,
    /** False when return_sequences (or another rank-deciding argument) is not known. */
    readonly rankKnown: boolean,
    /** The per-sample input a first layer declares (input_shape=, input_dim=, Embedding's ids). */
    readonly declaredInput: Dims | undefined,
  ) {}

  arg(name: string): Known {
    return this.args.get(name);
  }

  get isRecurrent(): boolean {
    return isRecurrentClass(this.className) || this.className === 'Bidirectional';
  }

  /** The recurrent layer a Bidirectional wraps, or this one. */
  get core(): StaticLayer | undefined {
    if (isRecurrentClass(this.className)) return this;
    const inner = this.arg('layer');
    return this.className === 'Bidirectional' && inner instanceof StaticLayer ? inner : undefined;
  }

  /** The input assumed when nothing says what feeds the layer, where its output does not depend on it. */
  private placeholderInput(): Dims | undefined {
    if (this.isRecurrent) return [TIME_DIM, UNKNOWN_DIM];
    if (this.className === 'Embedding') return [TIME_DIM];
    if (this.className === 'RepeatVector') return [UNKNOWN_DIM];
    return undefined;
  }

  /**
   * The per-sample output shapes of calling the layer (output, then states with return_state),
   * by the Keras shape rules; undefined when they cannot be known.
   */
  outputs(input: Dims | undefined, dtype: 'int64' | 'float' = 'float'): Dims[] | undefined {
    if (!this.spec || !this.rankKnown) return undefined;
    const shape = input ?? this.placeholderInput();
    // Only Embedding takes integer ids; any other layer rejects them when called.
    if (!shape || (dtype === 'int64' && this.className !== 'Embedding')) return undefined;
    try {
      const outs = callOutputShapes(this.spec, shape);
      return outs.map((s, i) => (i === 0 ? this.blurOutput(s) : s.map(d => (this.stateUnitsKnown ? d : UNKNOWN_DIM))));
    } catch {
      return undefined;
    }
  }

  /** Merge and attention layers are called on a list of tensors. */
  get takesList(): boolean {
    return LIST_LAYERS.has(this.className);
  }

  /**
   * The per-sample outputs of calling a merge or attention layer on a list: output (and
   * Attention's scores); undefined when they cannot be known. Throws the Keras rule's message
   * when the inputs certainly do not fit.
   */
  listOutputs(inputs: readonly Dims[], returnScores: boolean): Dims[] | undefined {
    if (!this.spec || !this.rankKnown) return undefined;
    const axes = this.arg('axes');
    const pair = Array.isArray(axes) && axes.length === 2 ? ([Number(axes[0]), Number(axes[1])] as [number, number]) : undefined;
    return listCallOutputShapes(this.spec, inputs, { returnScores, dotAxes: pair });
  }

  /** How many state tensors initial_state takes (LSTM 2, GRU/SimpleRNN 1, twice under Bidirectional). */
  get stateCount(): number | undefined {
    return this.spec && layerStates(this.spec)?.count;
  }

  get stateUnits(): number | undefined {
    if (!this.spec || !this.stateUnitsKnown) return undefined;
    return layerStates(this.spec)?.units;
  }

  private get stateUnitsKnown(): boolean {
    return typeof this.core?.arg('units') === 'bigint';
  }
}

const intOf = (v: Known): number | undefined => (typeof v === 'bigint' ? Number(v) : undefined);
const boolOf = (v: Known): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

function lastUnknown(dims: Dims): Dims {
  return dims.length ? [...dims.slice(0, -1), UNKNOWN_DIM] : dims;
}

function shapeOf(v: Known): Dims | undefined {
  if (typeof v === 'bigint') return [Number(v)];
  if (!Array.isArray(v)) return undefined;
  const dims: Dim[] = [];
  for (const [i, d] of (v as Dims).entries()) {
    if (d === null) dims.push(i === 0 ? TIME_DIM : UNKNOWN_DIM);
    else if (typeof d === 'number' && Number.isInteger(d) && d > 0) dims.push(d);
    else return undefined;
  }
  return dims;
}

/**
 * Whether a layer so described can be called at all: Bidirectional runs the wrapped layer
 * both ways, so it takes only a recurrent layer that does not already run backwards.
 */
function callable(spec: LayerSpec): boolean {
  if (spec.className !== 'Bidirectional') return true;
  const wrapped = spec.args.layer;
  return typeof wrapped === 'object' && wrapped !== null && isRecurrentClass(wrapped.className) && wrapped.args.go_backwards !== true;
}

/**
 * The static layer a constructor call makes, from its bound arguments (undefined where an
 * argument was not given: the Keras table's defaults apply). Returns undefined for classes this
 * checker does not model.
 */
export function staticLayer(className: string, label: string, args: ReadonlyMap<string, Known>): StaticLayer | undefined {
  if (!LAYER_CLASSES.has(className)) return undefined;
  const has = (k: string) => args.has(k);
  const fields: Record<string, Primitive | LayerSpec> = {};
  let rankKnown = true;
  let blur = (dims: Dims): Dims => dims;
  const number = (key: string, placeholder: number): boolean => {
    const value = intOf(args.get(key));
    fields[key] = value ?? placeholder;
    return value !== undefined;
  };
  const flag = (key: string): void => {
    if (!has(key)) return;
    const value = boolOf(args.get(key));
    if (value === undefined) rankKnown = false;
    else fields[key] = value;
  };
  let inner: StaticLayer | undefined;
  switch (className) {
    case 'Dense':
      if (!number('units', 1)) blur = lastUnknown;
      if (typeof args.get('activation') === 'string') fields.activation = args.get('activation') as string;
      break;
    case 'Embedding':
      number('input_dim', 1);
      if (!number('output_dim', 1)) blur = lastUnknown;
      break;
    case 'SimpleRNN': case 'LSTM': case 'GRU':
      if (!number('units', 1)) blur = lastUnknown;
      flag('return_sequences');
      flag('return_state');
      if (has('go_backwards')) {
        const backwards = boolOf(args.get('go_backwards'));
        if (backwards === undefined) rankKnown = false;
        else fields.go_backwards = backwards;
      }
      break;
    case 'Dropout':
      fields.rate = 0;
      break;
    case 'Masking':
      fields.mask_value = 0;
      break;
    case 'RepeatVector':
      if (!number('n', 1)) blur = dims => [UNKNOWN_DIM, ...dims.slice(1)];
      break;
    case 'Concatenate':
      if (has('axis') && intOf(args.get('axis')) === undefined) rankKnown = false;
      else fields.axis = intOf(args.get('axis')) ?? -1;
      break;
    case 'Dot': {
      const axes = args.get('axes');
      if (typeof axes === 'bigint') fields.axes = Number(axes);
      else if (!(Array.isArray(axes) && axes.length === 2 && axes.every(a => typeof a === 'number'))) rankKnown = false;
      break;
    }
    case 'Bidirectional': case 'TimeDistributed': {
      const wrapped = args.get('layer');
      if (!(wrapped instanceof StaticLayer) || !wrapped.spec || !wrapped.rankKnown) return new StaticLayer(className, label, undefined, blur, args, false, undefined);
      inner = wrapped;
      fields.layer = wrapped.spec;
      if (className === 'Bidirectional') {
        if (!has('merge_mode')) fields.merge_mode = 'concat';
        else if (args.get('merge_mode') === null) fields.merge_mode = null;
        else if (typeof args.get('merge_mode') === 'string') fields.merge_mode = args.get('merge_mode') as string;
        else rankKnown = false;
        const innerUnits = wrapped.arg('units');
        if (typeof innerUnits !== 'bigint') blur = lastUnknown;
      } else {
        blur = dims => [dims[0], ...wrapped.blurOutput(dims.slice(1))];
      }
      break;
    }
  }
  const spec: LayerSpec = { className, args: fields };
  let declaredInput = shapeOf(args.get('input_shape'));
  if (className === 'Dense' && declaredInput === undefined && intOf(args.get('input_dim')) !== undefined) declaredInput = [intOf(args.get('input_dim'))!];
  if (className === 'Embedding' && declaredInput === undefined) {
    const length = intOf(args.get('input_length'));
    declaredInput = [length ?? TIME_DIM];
  }
  return new StaticLayer(className, label, callable(spec) ? spec : undefined, blur, args, rankKnown && (inner?.rankKnown ?? true), declaredInput);
}
