// The activation names Keras layers accept (activation='tanh'). The engine keeps the map from
// name to graph emitter; this list is what completion, hover and argument checks offer, and a
// unit test keeps the two equal.
export const ACTIVATION_NAMES: readonly string[] = [
  'linear', 'tanh', 'sigmoid', 'relu', 'softmax', 'log_softmax', 'elu', 'selu', 'hard_sigmoid', 'hard_sigmoid_v2',
  'softplus', 'softsign', 'exponential', 'swish', 'silu',
];
