"""The PyTorch side of `npm run bench`: training steps per second of the same model the engine
times (one nn.RNN/LSTM/GRU layer -> Linear(H, 1) on the last state, mse, Adam(lr=1e-3), batch B,
input width I), forward + BPTT + Adam, on the CPU with torch.set_num_threads(threads).

A long-lived process: the bench writes one JSON request a line on stdin, this answers one JSON
line on stdout, so Python's start-up and `import torch` are paid once per bench, not per row.
Timing matches bench/run.ts: warm-up steps, then windows of `windowMs`; the best window counts.

Request: {"cell": "LSTM", "T": 50, "H": 64, "B": 32, "I": 32, "threads": 2, "windows": 3, "windowMs": 1000}
Answer:  {"stepsPerSec": ..., "windows": [...], "steps": N} or {"error": "..."}
"""
import json
import sys
import time

import torch


def model(cell, I, H):
    rnn = {"SimpleRNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[cell](I, H, batch_first=True)
    head = torch.nn.Linear(H, 1)
    return rnn, head


def measure(req):
    torch.set_num_threads(int(req["threads"]))
    torch.manual_seed(1)
    B, T, I, H = req["B"], req["T"], req["I"], req["H"]
    rnn, head = model(req["cell"], I, H)
    params = list(rnn.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=1e-3, eps=1e-7)
    x = torch.rand(B, T, I) * 2 - 1
    y = torch.rand(B, 1) * 2 - 1
    loss_fn = torch.nn.MSELoss()

    def step():
        opt.zero_grad(set_to_none=True)
        out, _ = rnn(x)
        loss = loss_fn(head(out[:, -1, :]), y)
        loss.backward()
        opt.step()

    for _ in range(2):
        step()
    rates, steps = [], 0
    for _ in range(int(req["windows"])):
        n, t0 = 0, time.perf_counter()
        while n < 2 or (time.perf_counter() - t0) * 1000 < req["windowMs"]:
            step()
            n += 1
        rates.append(n / (time.perf_counter() - t0))
        steps += n
    return {"stepsPerSec": max(rates), "windows": rates, "steps": steps}


def main():
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = measure(json.loads(line))
        except Exception as e:  # the bench prints the error in the row instead of stopping
            answer = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
