// Keras-style JSON configs of layers and models: what a cell made, what the training thread
// rebuilds and what `.unroll.json` files store, so a model means the same thing everywhere.

/** JSON-safe values of a layer's config (Keras keyword arguments after defaults). */
export type ConfigValue = null | boolean | number | string | ConfigValue[] | { [k: string]: ConfigValue };

export interface LayerConfig {
  class_name: string;
  /** Keras keyword arguments, `name` always set; wrappers hold their inner layer under `layer`. */
  config: { name: string; [k: string]: ConfigValue };
}

/** A functional model as data: inputs, layer calls in order, outputs (refs are 'call:k:i' or 'input:k'). */
export interface FunctionalConfig {
  inputs: { name: string; shape: (number | null)[]; dtype: 'int64' | 'float' }[];
  layers: LayerConfig[];
  /** `inputs` for a layer called on a list (merge, attention); `input` is then the first of them. */
  /** `mask` refers to the tensor given as `layer(x, mask=m)`. */
  calls: { layer: string; input: string; inputs?: string[]; initial_state: string[]; mask?: string; return_attention_scores?: boolean; use_causal_mask?: boolean }[];
  outputs: string[];
}

export type ModelConfig =
  | { class_name: 'Sequential'; name: string; layers: LayerConfig[] }
  | { class_name: 'Functional'; name: string; graph: FunctionalConfig };
