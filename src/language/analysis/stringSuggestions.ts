// String values worth offering for parameters that accept a name or an object, so their
// signatures declare no `choices` (a choices list would reject objects' names at run time):
// compile(optimizer='…', loss='…', metrics=['…']) and the callbacks' monitor='…'.
import type { Param } from '..';

const SUGGESTIONS: Readonly<Record<string, readonly string[]>> = {
  optimizer: ['adam', 'sgd', 'rmsprop', 'adagrad'],
  loss: [
    'binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy',
    'mse', 'mean_squared_error', 'mae', 'mean_absolute_error',
  ],
  metrics: ['accuracy', 'binary_accuracy', 'categorical_accuracy', 'sparse_categorical_accuracy', 'mae', 'mse', 'crossentropy', 'perplexity'],
  monitor: ['val_loss', 'loss', 'val_accuracy', 'accuracy'],
};

/** The declared choices, else the known names for a parameter that takes a name. */
export function stringChoices(param: Param): readonly string[] | undefined {
  if (param.choices?.length) return param.choices;
  if (param.types && !param.types.some(t => t === 'str' || t === 'list' || t === 'tuple' || t === 'any')) return undefined;
  return SUGGESTIONS[param.name];
}
