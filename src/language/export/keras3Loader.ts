// unroll_data.py: the portable stand-in for Unroll's own globals in a Keras 3 export. It needs
// only NumPy: the data sets come from the .npy/.json files the export wrote (the same arrays
// Unroll trained on, looked up by the loader's name and arguments), load_text/csv/jsonl read the
// workspace files as Unroll does, generate samples like model.generate, and load_unroll_weights
// copies a model's weights out of a .unroll.json into a Keras 3 model.
import { DATASET_ENTRIES } from '../../keras/datasets';

/** Dataset loader → its parameters in order with defaults: how Python binds a call to its key. */
function datasetParameters(): Record<string, [string, unknown][]> {
  return Object.fromEntries(DATASET_ENTRIES.map(e => [e.name, e.params.map(p => [p.name, p.default] as [string, unknown])]));
}

/**
 * The key a data set call is filed under: its loader and every parameter in declared order.
 * Python computes the same text (`_key` in unroll_data.py): integral floats as ints, compact JSON.
 */
export function datasetCallKey(name: string, args: Readonly<Record<string, unknown>>): string {
  const entry = DATASET_ENTRIES.find(e => e.name === name);
  if (!entry) throw new Error(`no data set named ${name}`);
  const norm = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map(norm) : v);
  return JSON.stringify([name, entry.params.map(p => norm(args[p.name] ?? p.default))]);
}

/** The loader module's text; `dataDir` is the folder (relative to it) holding manifest.json. */
export function keras3LoaderModule(dataDir: string): string {
  return `"""Unroll's data and helpers for the Keras 3 export (needs NumPy only; written by Unroll).

datasets.<name>(...)  the data set Unroll loaded with those arguments, read from ${dataDir}/
load_text, load_csv, load_jsonl   read workspace files as Unroll's globals of the same names do
generate(model, start, ...)       samples a continuation token by token, like model.generate
compare(models, x, y, ...)        trains the models in lockstep on the same batches, like Unroll's compare
load_unroll_weights(model, path)  copies the weights of an Unroll .unroll.json into a Keras 3 model
"""
import base64
import csv
import json
import os

import numpy as np

_HERE = os.path.dirname(os.path.abspath(__file__))
_DATA = os.path.join(_HERE, ${JSON.stringify(dataDir)})
_PARAMETERS = json.loads(${JSON.stringify(JSON.stringify(datasetParameters()))})


def _normal(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (list, tuple)):
        return [_normal(v) for v in value]
    return value


def _key(name, args, kwargs):
    params = _PARAMETERS[name]
    if len(args) > len(params):
        raise TypeError(f"datasets.{name}() takes {len(params)} arguments, got {len(args)}")
    bound = {p: d for p, d in params}
    for (p, _), v in zip(params, args):
        bound[p] = v
    for k, v in kwargs.items():
        if k not in bound:
            raise TypeError(f"datasets.{name}() has no parameter {k!r}")
        bound[k] = v
    return json.dumps([name, [_normal(bound[p]) for p, _ in params]], separators=(",", ":"), ensure_ascii=False)


def _array(entry):
    if entry is None:
        return None
    if isinstance(entry, list):
        return [np.load(os.path.join(_DATA, f)) for f in entry]
    return np.load(os.path.join(_DATA, entry))


class Dataset:
    """A loaded data set: unpacks as ((x_train, y_train), (x_test, y_test)), with Unroll's attributes."""

    def __init__(self, entry):
        self.train = (_array(entry["train"]["x"]), _array(entry["train"]["y"]))
        self.test = (_array(entry["test"]["x"]), _array(entry["test"]["y"]))
        self.series = _array(entry.get("series"))
        self.tokenizer = None  # Unroll's Tokenizer is not exported: use word_index
        for name, value in entry.get("attributes", {}).items():
            setattr(self, name, value)
        if getattr(self, "notes", None) is not None:
            self.notes = [tuple(n) if n is not None else None for n in self.notes]

    def __iter__(self):
        return iter((self.train, self.test))

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return (self.train, self.test)[i]


class _Datasets:
    def __init__(self):
        self._manifest = None

    def __getattr__(self, name):
        if name.startswith("_") or name not in _PARAMETERS:
            raise AttributeError(f"unroll_data.datasets has no data set {name!r}")

        def load(*args, **kwargs):
            if self._manifest is None:
                with open(os.path.join(_DATA, "manifest.json"), encoding="utf-8") as f:
                    self._manifest = json.load(f)
            key = _key(name, args, kwargs)
            if key not in self._manifest:
                raise KeyError(f"datasets.{name} was not exported with these arguments ({key}); "
                               f"exported: {sorted(self._manifest)}. Run the notebook in Unroll and export again.")
            return Dataset(self._manifest[key])

        return load


datasets = _Datasets()


def load_text(path, lines=False):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return text.splitlines() if lines else text


def load_csv(path, header=True, delimiter=",", numeric=False):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    if numeric:
        return np.array([[float(v) for v in r] for r in (rows[1:] if header else rows) if r], dtype=np.float32)
    if header:
        return [dict(zip(rows[0], r)) for r in rows[1:] if r]
    return [r for r in rows if r]


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def generate(model, start, length=100, temperature=1.0, seed=0, vocab=None, notes=None, tempo=120):
    """Samples length tokens after start (ids, or text with vocab): Unroll's rule, NumPy's random stream.
    Returns the continuation (text with vocab, else ids); notes and tempo only drew Unroll's piano roll."""
    rng = np.random.default_rng(seed)
    ids = [vocab.index(c) for c in start] if vocab is not None else ([start] if isinstance(start, int) else list(start))
    first = len(ids)
    for _ in range(length):
        p = np.asarray(model.predict(np.array([ids]), verbose=0), dtype=np.float64)
        p = p[0, -1] if p.ndim == 3 else p[0]
        if temperature == 0:
            ids.append(int(np.argmax(p)))
            continue
        logits = np.log(np.maximum(p, 1e-12)) / temperature
        q = np.exp(logits - logits.max())
        ids.append(int(rng.choice(len(q), p=q / q.sum())))
    generated = ids[first:]  # like model.generate: the continuation, without the start
    return "".join(vocab[i] for i in generated) if vocab is not None else generated


class _LockstepHistory:
    """What compare returns per model, like keras.callbacks.History: .history['loss'] and .epoch."""

    def __init__(self):
        self.history = {"loss": []}
        self.epoch = []


def compare(models, x, y, epochs=1, batch_size=None, seed=None, shuffle=True, verbose="auto", **fit_kwargs):
    """Unroll's compare: one train_on_batch of each model per batch, in turn, on the same batches in the
    same order for all (NumPy's shuffle from seed, not Unroll's order); returns {model name: history}.
    Validation and callbacks (fit_kwargs) are not carried over."""
    n = len(x)
    size = batch_size or 32
    rng = np.random.default_rng(0 if seed is None else seed)
    histories = {model.name: _LockstepHistory() for model in models}
    for epoch in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        totals = dict.fromkeys(histories, 0.0)
        for start in range(0, n, size):
            rows = order[start:start + size]
            for model in models:
                loss = model.train_on_batch(x[rows], y[rows])
                totals[model.name] += float(np.ravel(loss)[0]) * len(rows)
        for name, history in histories.items():
            history.history["loss"].append(totals[name] / n)
            history.epoch.append(epoch)
        if verbose:
            print(f"Epoch {epoch + 1}/{epochs} - " + " - ".join(f"{name} loss: {h.history['loss'][-1]:.4f}" for name, h in histories.items()))
    return histories


def _unroll_weights(path):
    with open(path, encoding="utf-8") as f:
        saved = json.load(f)
    if saved.get("format") != "unroll.model":
        raise ValueError(f"{path} is not an Unroll model file (format {saved.get('format')!r})")
    layers = {}
    for key, w in saved["weights"].items():
        layer, param = key.split(".", 1)
        values = np.frombuffer(base64.b64decode(w["data"]), dtype="<f4").reshape(w["shape"])
        layers.setdefault(layer, {})[param] = values
    return layers, saved.get("input")


def load_unroll_weights(model, path):
    """Sets model's weights from an Unroll .unroll.json. Layers are matched by name, else in order
    (Unroll and Keras both list them as built); Keras weight names map to Unroll's
    (kernel, recurrent_kernel, bias, embeddings; forward/ and backward/ inside Bidirectional)."""
    saved, per_sample = _unroll_weights(path)
    if not getattr(model, "built", True) and per_sample:
        # A Sequential without an Input builds on its first fit: build it now, on Unroll's input shape.
        model.build((None,) + tuple(d if isinstance(d, int) else None for d in per_sample["shape"]))
    keras_layers = [layer for layer in model.layers if layer.weights]
    if len(keras_layers) != len(saved):
        raise ValueError(f"{path} has weights for {len(saved)} layers, the Keras model has {len(keras_layers)}")
    unmatched = [name for name in saved if name not in {layer.name for layer in keras_layers}]
    for i, layer in enumerate(keras_layers):
        params = saved[layer.name] if layer.name in saved else saved[unmatched.pop(0)] if unmatched else None
        if params is None:
            raise ValueError(f"{path}: no weights for layer {layer.name!r}")
        values = []
        for w in layer.weights:
            where = getattr(w, "path", w.name)
            name = w.name.split("/")[-1].split(":")[0]
            key = f"forward/{name}" if "forward" in where else f"backward/{name}" if "backward" in where else name
            if key not in params:
                raise ValueError(f"{path}: layer {layer.name!r} has no weight {key!r} (it has {sorted(params)})")
            if tuple(params[key].shape) != tuple(w.shape):
                raise ValueError(f"{path}: {layer.name}.{key} has shape {params[key].shape}, Keras expects {tuple(w.shape)}")
            values.append(params[key])
        layer.set_weights(values)
`;
}
