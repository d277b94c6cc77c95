// The fixed part of an exported PyTorch script (see pytorch.ts for the model-specific part, and
// pytorchLoop.ts for the training loop): Keras recurrent layers on torch.nn.RNN/LSTM/GRU with
// Keras's mask semantics, the weight conversions, and Keras's losses, metrics, optimizers and
// gradient clipping written out. Each piece is written to equal what src/engine computes
// (layers/rnn.ts, cells.ts, losses/index.ts, losses/metrics.ts, optim/optimizers.ts,
// optim/clip.ts), so the first steps' losses agree.

/** Imports and Keras's recurrent layers with their weight conversions. */
export const PY_LAYERS = String.raw`import argparse
import json
import math
import os

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, Dataset, DistributedSampler

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- Keras recurrent layers

class KerasRecurrent(nn.Module):
    """A Keras SimpleRNN / LSTM / GRU on torch.nn.RNN / LSTM / GRU, batch first: x [B, T, F].

    Keras semantics kept here: a masked step (mask 0) carries every state through unchanged and
    outputs the carried h (zeros with zero_output_for_mask); go_backwards reads the steps last to
    first and returns the sequence in that order. Without a mask, or with one whose real steps
    come first in every row (padding='post'), the sequence goes through the fused torch kernel at
    once (packed); any other mask runs one step at a time through the same module.
    """

    def __init__(self, kind, input_size, units, bias=True, nonlinearity='tanh', return_sequences=False,
                 go_backwards=False, zero_output_for_mask=False):
        super().__init__()
        self.kind = kind
        self.units = units
        self.return_sequences = return_sequences
        self.go_backwards = go_backwards
        self.zero_output_for_mask = zero_output_for_mask
        if kind == 'SimpleRNN':
            self.rnn = nn.RNN(input_size, units, bias=bias, nonlinearity=nonlinearity, batch_first=True)
        elif kind == 'LSTM':
            self.rnn = nn.LSTM(input_size, units, bias=bias, batch_first=True)
        else:
            self.rnn = nn.GRU(input_size, units, bias=bias, batch_first=True)

    def forward(self, x, mask=None, initial_state=None):
        """Returns (output, states): output [B, T, H] or [B, H]; states [h] or [h, c], [B, H] each."""
        lstm = self.kind == 'LSTM'
        if initial_state is None:
            zeros = x.new_zeros(1, x.shape[0], self.units)
            state = (zeros, zeros.clone()) if lstm else zeros
        else:
            state = tuple(s.unsqueeze(0) for s in initial_state) if lstm else initial_state[0].unsqueeze(0)
        if mask is not None and post_padded(mask):
            seq, state = self.packed(x, mask, state)
        else:
            if self.go_backwards:
                x = x.flip(1)
                mask = None if mask is None else mask.flip(1)
            if mask is None:
                seq, state = self.rnn(x, state)
            else:
                outputs = []
                for t in range(x.shape[1]):
                    keep = mask[:, t, None].to(x.dtype)  # [B, 1]: 1 where step t is real
                    _, new = self.rnn(x[:, t:t + 1], state)
                    if lstm:
                        state = tuple(keep * n + (1 - keep) * s for n, s in zip(new, state))
                    else:
                        state = keep * new + (1 - keep) * state
                    h = state[0][0] if lstm else state[0]
                    outputs.append(keep * h if self.zero_output_for_mask else h)
                seq = torch.stack(outputs, 1)
        states = [state[0][0], state[1][0]] if lstm else [state[0]]
        return (seq if self.return_sequences else states[0]), states

    def packed(self, x, mask, state):
        """Every row's real steps come first (padding='post'): only they go through the fused
        kernel, packed. go_backwards reads each row's real steps last to first. In Keras's
        processing order the padded steps come last forward and output the final h, or first
        backward and output the initial h (zeros either way with zero_output_for_mask)."""
        T = x.shape[1]
        lengths = mask.long().sum(1)
        steps = torch.arange(T, device=x.device)
        initial_h = state[0][0] if self.kind == 'LSTM' else state[0]
        if self.go_backwards:
            last_first = (lengths[:, None] - 1 - steps[None]).clamp(min=0)  # [B, T]
            x = x.gather(1, last_first.unsqueeze(-1).expand(-1, -1, x.shape[2]))
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        seq, state = self.rnn(packed, state)
        seq, _ = nn.utils.rnn.pad_packed_sequence(seq, batch_first=True, total_length=T)  # real outputs first
        if self.go_backwards:
            real_step = steps[None] - (T - lengths[:, None])  # processing order: padded steps, then real ones
            seq = seq.gather(1, real_step.clamp(min=0).unsqueeze(-1).expand(-1, -1, seq.shape[2]))
            padded, carried = real_step < 0, initial_h
        else:
            padded, carried = steps[None] >= lengths[:, None], state[0][0] if self.kind == 'LSTM' else state[0]
        fill = torch.zeros_like(carried) if self.zero_output_for_mask else carried
        return torch.where(padded.unsqueeze(-1), fill.unsqueeze(1), seq), state


def post_padded(mask):
    """Whether every row of a [B, T] mask is ones then zeros, with at least one real step."""
    m = mask.long()
    lengths = m.sum(1)
    positions = torch.arange(m.shape[1], device=m.device)
    return bool((lengths > 0).all()) and bool((m == (positions[None] < lengths[:, None]).long()).all())


def gate_blocks_to_rows(w, kind):
    """Keras [in, G*H] (column blocks per gate) -> torch [G*H, in] (row blocks per gate).

    LSTM: Keras gates i, f, c, o = torch i, f, g, o (same order). GRU: Keras z, r, h -> torch
    r, z, n. SimpleRNN: one block.
    """
    order = {'SimpleRNN': [0], 'LSTM': [0, 1, 2, 3], 'GRU': [1, 0, 2]}[kind]
    blocks = np.split(w, len(order), axis=-1)
    return np.ascontiguousarray(np.concatenate([blocks[k] for k in order], axis=-1).T)


@torch.no_grad()
def load_recurrent(layer, kernel, recurrent_kernel, bias=None):
    """Keras weights into a KerasRecurrent. torch adds two biases, b_ih + b_hh. SimpleRNN and LSTM
    have one Keras bias: it goes into b_ih, and b_hh is a zero that does not train. Keras GRU
    (reset_after=True) keeps [input_bias; recurrent_bias]: they are torch's b_ih and b_hh, since
    torch's n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) is Keras's reset_after candidate."""
    rnn, kind = layer.rnn, layer.kind
    rnn.weight_ih_l0.copy_(torch.from_numpy(gate_blocks_to_rows(kernel, kind)))
    rnn.weight_hh_l0.copy_(torch.from_numpy(gate_blocks_to_rows(recurrent_kernel, kind)))
    if bias is None:
        return
    if kind == 'GRU':
        rnn.bias_ih_l0.copy_(torch.from_numpy(gate_blocks_to_rows(bias[0:1], kind)[:, 0]))
        rnn.bias_hh_l0.copy_(torch.from_numpy(gate_blocks_to_rows(bias[1:2], kind)[:, 0]))
    else:
        rnn.bias_ih_l0.copy_(torch.from_numpy(gate_blocks_to_rows(bias[None, :], kind)[:, 0]))
        rnn.bias_hh_l0.zero_()
        rnn.bias_hh_l0.requires_grad_(False)


class KerasBidirectional(nn.Module):
    """Keras Bidirectional: a forward layer and a go_backwards copy; the backward sequence is
    flipped back to input time, then merged (concat, sum, mul, ave, or None: both kept)."""

    def __init__(self, forward_layer, backward_layer, merge_mode='concat'):
        super().__init__()
        self.forward_layer = forward_layer
        self.backward_layer = backward_layer
        self.merge_mode = merge_mode

    def forward(self, x, mask=None, initial_state=None):
        n = 2 if self.forward_layer.kind == 'LSTM' else 1
        f_init = None if initial_state is None else initial_state[:n]
        b_init = None if initial_state is None else initial_state[n:]
        a, fs = self.forward_layer(x, mask, f_init)
        b, bs = self.backward_layer(x, mask, b_init)
        if self.forward_layer.return_sequences:
            b = b.flip(1)
        merged = {'concat': lambda: torch.cat([a, b], -1), 'sum': lambda: a + b, 'mul': lambda: a * b,
                  'ave': lambda: (a + b) * 0.5, None: lambda: (a, b)}[self.merge_mode]()
        return merged, fs + bs


@torch.no_grad()
def load_dense(linear, kernel, bias=None):
    """Keras Dense kernel [in, units] is torch Linear's weight transposed."""
    linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel.T)))
    if bias is not None:
        linear.bias.copy_(torch.from_numpy(bias))


@torch.no_grad()
def load_embedding(embedding, table):
    embedding.weight.copy_(torch.from_numpy(table))


def keras_masking(x, mask_value):
    """Keras Masking: a step is masked when all its features equal mask_value; its features become 0."""
    mask = (x != mask_value).any(-1)
    return x * mask.unsqueeze(-1).to(x.dtype), mask


def hard_sigmoid(x):
    return torch.clamp(x / 6 + 0.5, 0.0, 1.0)


def hard_sigmoid_v2(x):
    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)
`;

/** Keras losses, metrics, optimizers and clipping (after the model class). */
export const PY_TRAINING = String.raw`

# ---------------------------------------------------------------- Keras losses

EPSILON = 1e-7  # Keras backend epsilon: probabilities are clipped to [eps, 1 - eps]


def _align(y_true, y_pred):
    y = y_true.to(y_pred.dtype)
    return y.unsqueeze(-1) if y.dim() == y_pred.dim() - 1 else y


def _categorical(y, y_pred, from_logits):
    if from_logits:
        logp = torch.log_softmax(y_pred, -1)
    else:
        p = y_pred / y_pred.sum(-1, keepdim=True)  # Keras renormalises, then clips
        logp = torch.log(torch.clamp(p, EPSILON, 1 - EPSILON))
    return -(y * logp).sum(-1)


def per_sample_loss(name, y_true, y_pred, from_logits=False):
    """Keras's per-sample (per-step for sequences) loss: [B] or [B, T]."""
    if name == 'binary_crossentropy':
        y = _align(y_true, y_pred)
        if from_logits:
            x = y_pred
            per = torch.relu(x) - x * y + torch.log(torch.exp(-x.abs()) + 1)
        else:
            p = torch.clamp(y_pred, EPSILON, 1 - EPSILON)
            per = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))
        return per.mean(-1)
    if name == 'categorical_crossentropy':
        return _categorical(_align(y_true, y_pred), y_pred, from_logits)
    if name == 'sparse_categorical_crossentropy':
        labels = y_true.long()
        if labels.dim() == y_pred.dim() and labels.shape[-1] == 1:
            labels = labels.squeeze(-1)
        return _categorical(F.one_hot(labels, y_pred.shape[-1]).to(y_pred.dtype), y_pred, from_logits)
    if name == 'mse':
        return ((y_pred - _align(y_true, y_pred)) ** 2).mean(-1)
    if name == 'mae':
        return (y_pred - _align(y_true, y_pred)).abs().mean(-1)
    raise ValueError(f'unknown loss {name}')


def masked_mean(per, mask):
    """Mean over samples, and over unmasked steps only when the output carries a [B, T] mask."""
    if mask is None or per.dim() != mask.dim():
        return per.mean()
    mask = mask.to(per.dtype)
    return (per * mask).sum() / torch.clamp(mask.sum(), min=1.0)


def metric_value(kind, y_true, y_pred, mask, loss_name, from_logits):
    """Keras metrics ('accuracy' is resolved by the loss, as Keras does)."""
    if kind == 'binary_accuracy':
        y = _align(y_true, y_pred)
        hit = ((y_pred > (0.0 if from_logits else 0.5)) == (y > 0.5)).to(y_pred.dtype)
        return masked_mean(hit.mean(-1), mask)
    if kind == 'categorical_accuracy':
        return masked_mean((y_pred.argmax(-1) == y_true.argmax(-1)).to(y_pred.dtype), mask)
    if kind == 'sparse_categorical_accuracy':
        labels = y_true.long()
        if labels.dim() == y_pred.dim():
            labels = labels.squeeze(-1)
        return masked_mean((y_pred.argmax(-1) == labels).to(y_pred.dtype), mask)
    if kind in ('mse', 'mae'):
        return masked_mean(per_sample_loss(kind, y_true, y_pred), mask)
    crossentropy = masked_mean(per_sample_loss(loss_name, y_true, y_pred, from_logits), mask)
    return torch.exp(crossentropy) if kind == 'perplexity' else crossentropy


def compute_logs(outputs, masks, targets):
    """The loss to train (Keras: the sum of each output's loss times its loss weight) and every
    logged value, by Keras log name."""
    logs, total = {}, 0.0
    for (name, from_logits, weight, own_log), metrics, pred, mask, y in zip(LOSSES, METRICS, outputs, masks, targets):
        own = masked_mean(per_sample_loss(name, y, pred, from_logits), mask)
        total = total + (own if weight == 1 else own * weight)
        if own_log:
            logs[own_log] = own.detach()
        with torch.no_grad():
            for log, kind in metrics:
                logs[log] = metric_value(kind, y, pred, mask, name, from_logits)
    logs['loss'] = total.detach()
    return total, logs


def log_line(names, values):
    return ' '.join(f'{name} {value:.6f}' for name, value in zip(names, values))


# ---------------------------------------------------------------- Keras optimizers

class KerasOptimizer(torch.optim.Optimizer):
    """Keras 3's update rules (they differ from torch.optim's in where epsilon goes and how
    momentum is scaled): subclasses implement update(p, g, state, lr, t), t = iterations + 1."""

    def __init__(self, params, **hyper):
        super().__init__(params, hyper)
        self.iterations = 0

    @torch.no_grad()
    def step(self, closure=None):
        self.iterations += 1
        for group in self.param_groups:
            for p in group['params']:
                if p.grad is not None:
                    self.update(p, p.grad, self.state[p], group, self.iterations)


class KerasSGD(KerasOptimizer):
    def update(self, p, g, state, h, t):
        if h['momentum'] == 0:
            p.sub_(g * h['lr'])
            return
        m = state.setdefault('momentum', torch.zeros_like(p))
        m.copy_(m * h['momentum'] - g * h['lr'])  # m = mu*m - lr*g
        p.add_(m * h['momentum'] - g * h['lr'] if h['nesterov'] else m)


class KerasAdam(KerasOptimizer):
    def update(self, p, g, state, h, t):
        m = state.setdefault('m', torch.zeros_like(p))
        v = state.setdefault('v', torch.zeros_like(p))
        b1, b2 = h['beta_1'], h['beta_2']
        lr_t = h['lr'] * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        m.add_((g - m) * (1 - b1))
        v.add_((g * g - v) * (1 - b2))
        p.sub_(m * lr_t / (v.sqrt() + h['epsilon']))  # Keras: epsilon outside the sqrt, unscaled


class KerasRMSprop(KerasOptimizer):
    def update(self, p, g, state, h, t):
        v = state.setdefault('velocity', torch.zeros_like(p))
        v.copy_(v * h['rho'] + g * g * (1 - h['rho']))
        increment = g * h['lr'] / torch.sqrt(v + h['epsilon'])  # Keras: epsilon inside the sqrt
        if h['momentum'] == 0:
            p.sub_(increment)
            return
        m = state.setdefault('momentum', torch.zeros_like(p))
        m.copy_(m * h['momentum'] + increment)
        p.sub_(m)


class KerasAdagrad(KerasOptimizer):
    def update(self, p, g, state, h, t):
        acc = state.setdefault('accumulator', torch.full_like(p, h['initial_accumulator_value']))
        acc.add_(g * g)
        p.sub_(g * h['lr'] / torch.sqrt(acc + h['epsilon']))


OPTIMIZERS = {'sgd': KerasSGD, 'adam': KerasAdam, 'rmsprop': KerasRMSprop, 'adagrad': KerasAdagrad}


@torch.no_grad()
def clip_gradients(params, clipnorm=None, global_clipnorm=None, clipvalue=None):
    """Keras 3 clipping, in its order: clipnorm per tensor, then global_clipnorm over all, then
    clipvalue elementwise; g * c / max(norm, c) leaves g unchanged while its norm is at most c."""
    grads = [p.grad for p in params if p.grad is not None]
    if clipnorm is not None:
        for g in grads:
            g.copy_(g * clipnorm / torch.clamp(g.norm(), min=clipnorm))
    if global_clipnorm is not None:
        norm = torch.sqrt(sum((g * g).sum() for g in grads))
        for g in grads:
            g.copy_(g * global_clipnorm / torch.clamp(norm, min=global_clipnorm))
    if clipvalue is not None:
        for g in grads:
            g.clamp_(-clipvalue, clipvalue)
`;
