// Cells written the way public Keras tutorials use plain Python around their models:
// vocabularies, windows, sampling with a temperature, greedy decoding, padding, schedules,
// early stopping, batching. Each prints what CPython prints for the same text (the expected
// outputs were produced by running these cells with python3; the seeded split prints only
// what does not depend on the generator's stream). tutorial-cells.test.ts runs them in a
// language session, the Keras corpus (test/unit/kernel/tutorial-corpus.test.ts) in a kernel.

export interface TutorialCell { name: string; source: string; output: string }

export const TUTORIAL_CELLS: TutorialCell[] = [
  {
    name: "a character vocabulary and its inverse",
    source: "text = \"hello world\"\nchars = sorted(set(text))\nchar_to_idx = {c: i for i, c in enumerate(chars)}\nidx_to_char = {i: c for c, i in char_to_idx.items()}\nprint(\"vocab size: %d\" % len(chars))\nprint(chars)\nencoded = [char_to_idx[c] for c in text]\nprint(encoded)\nprint(\"\".join(idx_to_char[i] for i in encoded))",
    output: "vocab size: 8\n[' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']\n[3, 2, 4, 4, 5, 0, 7, 5, 6, 4, 1]\nhello world\n",
  },
  {
    name: "sliding windows over a sequence",
    source: "seq_length = 4\nstep = 3\ndata = list(range(12))\nsentences = []\nnext_values = []\nfor i in range(0, len(data) - seq_length, step):\n    sentences.append(data[i:i + seq_length])\n    next_values.append(data[i + seq_length])\nprint('nb sequences:', len(sentences))\nfor s, n in zip(sentences, next_values):\n    print(s, '->', n)",
    output: "nb sequences: 3\n[0, 1, 2, 3] -> 4\n[3, 4, 5, 6] -> 7\n[6, 7, 8, 9] -> 10\n",
  },
  {
    name: "softmax with a temperature (math)",
    source: "import math\n\ndef softmax_with_temperature(logits, temperature=1.0):\n    scaled = [l / temperature for l in logits]\n    top = max(scaled)\n    exps = [math.exp(s - top) for s in scaled]\n    total = sum(exps)\n    return [e / total for e in exps]\n\nfor t in [0.5, 1.0, 2.0]:\n    probs = softmax_with_temperature([2.0, 1.0, 0.1], temperature=t)\n    print(f\"T={t}: \" + \", \".join(f\"{p:.3f}\" for p in probs))",
    output: "T=0.5: 0.864, 0.117, 0.019\nT=1.0: 0.659, 0.242, 0.099\nT=2.0: 0.502, 0.304, 0.194\n",
  },
  {
    name: "a greedy decoding loop with a stop token",
    source: "transitions = {\"<start>\": \"the\", \"the\": \"model\", \"model\": \"learns\", \"learns\": \"<end>\"}\n\ndef greedy_decode(start=\"<start>\", max_length=10):\n    decoded = []\n    token = start\n    while True:\n        token = transitions.get(token, \"<end>\")\n        if token == \"<end>\" or len(decoded) >= max_length:\n            break\n        decoded.append(token)\n    return \" \".join(decoded)\n\nprint(greedy_decode())\nprint(greedy_decode(max_length=2))",
    output: "the model learns\nthe model\n",
  },
  {
    name: "padding sequences by hand",
    source: "def pad(sequences, maxlen, padding=\"pre\", value=0):\n    padded = []\n    for seq in sequences:\n        seq = seq[-maxlen:]\n        fill = [value] * (maxlen - len(seq))\n        padded.append(fill + seq if padding == \"pre\" else seq + fill)\n    return padded\n\nbatch = [[3, 1], [4, 1, 5, 9, 2], [6]]\nfor row in pad(batch, 4):\n    print(row)\nprint(pad(batch, 3, padding=\"post\"))",
    output: "[0, 0, 3, 1]\n[1, 5, 9, 2]\n[0, 0, 0, 6]\n[[3, 1, 0], [5, 9, 2], [6, 0, 0]]\n",
  },
  {
    name: "a learning-rate schedule and a % formatted training log",
    source: "def scheduler(epoch, lr):\n    if epoch < 2:\n        return lr\n    return round(lr * 0.5, 6)\n\nlr = 0.01\nhistory = {\"loss\": [0.9, 0.6, 0.45, 0.41], \"val_loss\": [0.95, 0.7, 0.5, 0.52]}\nfor epoch, (loss, val_loss) in enumerate(zip(history[\"loss\"], history[\"val_loss\"]), start=1):\n    lr = scheduler(epoch - 1, lr)\n    print(\"Epoch %d/%d - loss: %.4f - val_loss: %.4f - lr: %g\" % (epoch, len(history[\"loss\"]), loss, val_loss, lr))",
    output: "Epoch 1/4 - loss: 0.9000 - val_loss: 0.9500 - lr: 0.01\nEpoch 2/4 - loss: 0.6000 - val_loss: 0.7000 - lr: 0.01\nEpoch 3/4 - loss: 0.4500 - val_loss: 0.5000 - lr: 0.005\nEpoch 4/4 - loss: 0.4100 - val_loss: 0.5200 - lr: 0.0025\n",
  },
  {
    name: "early stopping with patience (while/else)",
    source: "val_losses = [0.9, 0.7, 0.72, 0.71, 0.73, 0.5]\nbest = float(\"inf\")\npatience = 2\nwait = 0\nepoch = 0\nwhile epoch < len(val_losses):\n    current = val_losses[epoch]\n    if current < best:\n        best, wait = current, 0\n    else:\n        wait += 1\n        if wait >= patience:\n            print(f\"early stopping at epoch {epoch + 1}, best val_loss {best:.2f}\")\n            break\n    epoch += 1\nelse:\n    print(\"trained all epochs\")",
    output: "early stopping at epoch 4, best val_loss 0.70\n",
  },
  {
    name: "word counts and a vocabulary of the most common words",
    source: "corpus = [\"the cat sat\", \"the dog sat\", \"a cat ran\"]\ncounts = {}\nfor line in corpus:\n    for word in line.lower().split():\n        counts[word] = counts.get(word, 0) + 1\nmost_common = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))\nvocab = [\"<pad>\", \"<unk>\"] + [w for w, c in most_common if c > 1]\nword_index = {w: i for i, w in enumerate(vocab)}\nprint(word_index)\nprint([[word_index.get(w, 1) for w in line.split()] for line in corpus])",
    output: "{'<pad>': 0, '<unk>': 1, 'cat': 2, 'sat': 3, 'the': 4}\n[[4, 2, 3], [4, 1, 3], [1, 2, 1]]\n",
  },
  {
    name: "one-hot encoding and argmax decoding",
    source: "num_classes = 4\nlabels = [0, 3, 1]\none_hot = [[1.0 if i == label else 0.0 for i in range(num_classes)] for label in labels]\nfor row in one_hot:\n    print(row)\nargmax = [max(range(len(row)), key=lambda i: row[i]) for row in one_hot]\nprint(argmax == labels, argmax)",
    output: "[1.0, 0.0, 0.0, 0.0]\n[0.0, 0.0, 0.0, 1.0]\n[0.0, 1.0, 0.0, 0.0]\nTrue [0, 3, 1]\n",
  },
  {
    name: "a seeded train/validation split (random)",
    source: "import random\nrandom.seed(1234)\nindices = list(range(20))\nrandom.shuffle(indices)\nsplit = int(0.8 * len(indices))\ntrain_idx, val_idx = indices[:split], indices[split:]\nprint(len(train_idx), len(val_idx), sorted(train_idx + val_idx) == list(range(20)))\nprint(set(train_idx).intersection(val_idx) == set(), min(val_idx) >= 0)",
    output: "16 4 True\nTrue True\n",
  },
  {
    name: "a recursive helper with a memo dict",
    source: "memo = {}\n\ndef fib(n):\n    if n in memo:\n        return memo[n]\n    result = n if n < 2 else fib(n - 1) + fib(n - 2)\n    memo[n] = result\n    return result\n\nprint([fib(i) for i in range(10)])\nprint(fib(80))",
    output: "[0, 1, 1, 2, 3, 5, 8, 13, 21, 34]\n23416728348467685\n",
  },
  {
    name: "batches and string clean-up",
    source: "def batches(items, batch_size):\n    return [items[i:i + batch_size] for i in range(0, len(items), batch_size)]\n\nnames = [\"  Alice \", \"BOB\", \"carol  \", \"dave\"]\nclean = [n.strip().lower().capitalize() for n in names]\nfor i, batch in enumerate(batches(clean, 3)):\n    print(\"batch {}: {}\".format(i, \", \".join(batch)))\nprint(any(n.startswith(\"D\") for n in clean), all(n.isalpha() for n in clean))\nprint(\"%-6s|%6s|\" % (\"left\", \"right\"), \"carol\".find(\"r\"), \"carol\".index(\"o\"), \"a,b,,c\".split(\",\"))",
    output: "batch 0: Alice, Bob, Carol\nbatch 1: Dave\nTrue True\nleft  | right| 2 3 ['a', 'b', '', 'c']\n",
  },
];
