// The training loop of an exported PyTorch script (pytorch.ts puts it last): the data as numpy
// arrays, DistributedSampler or Unroll's recorded order (--replay-order), DistributedDataParallel
// under torchrun (nccl on GPUs, gloo on CPUs), logs and validation from rank 0.

/** After the model class and the Keras losses and optimizers (pytorchLibrary.ts). */
export const PY_LOOP = String.raw`
# ---------------------------------------------------------------- data and training loop

class ArrayData(Dataset):
    """Rows of the exported arrays: (inputs, targets), one tensor per model input and output."""

    def __init__(self, xs, ys, rows):
        self.xs, self.ys, self.rows = xs, ys, rows

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, i):
        r = self.rows[i]
        return [torch.from_numpy(np.array(x[r])) for x in self.xs], [torch.from_numpy(np.array(y[r])) for y in self.ys]


class ReplaySampler:
    """Unroll's own batch order (the .order.npy file: each epoch's sample order), split across
    ranks: rank r takes every world-th sample of each global batch."""

    def __init__(self, order, position, batch_size, rank, world):
        self.order, self.position, self.batch_size, self.rank, self.world = order, position, batch_size, rank, world
        self.epoch = 0

    def set_epoch(self, epoch):
        self.epoch = epoch

    def __iter__(self):
        order = self.order[self.epoch % len(self.order)]
        for start in range(0, len(order), self.batch_size):
            batch = order[start:start + self.batch_size]
            if len(batch) < self.world:
                return  # too few samples left for every rank to have one
            yield [self.position[s] for s in batch[self.rank::self.world]]

    def __len__(self):
        return math.ceil(len(self.order[0]) / self.batch_size)


def parse_args():
    p = argparse.ArgumentParser(description=f'Train {MODEL_NAME} (exported from Unroll) with PyTorch; '
                                'under torchrun --nproc_per_node=N it trains with DistributedDataParallel.')
    p.add_argument('--epochs', type=int, default=FIT['epochs'])
    p.add_argument('--batch-size', type=int, default=FIT['batch_size'], help='global batch, split across processes')
    p.add_argument('--lr', type=float, default=None, help='learning rate (default: the compiled one)')
    p.add_argument('--replay-order', action='store_true', help="visit the samples in Unroll's recorded order")
    p.add_argument('--max-steps', type=int, default=None, help='stop after this many optimizer steps')
    p.add_argument('--cpu', action='store_true', help='stay on the CPU even where CUDA is available')
    p.add_argument('--float64', action='store_true', help='train in double precision')
    p.add_argument('--losses-out', default=None, help='write every step\'s loss and metrics to this JSON file (rank 0)')
    p.add_argument('--save', default=None, help='write the trained state_dict here (rank 0)')
    return p.parse_args()


def main():
    args = parse_args()
    distributed = 'RANK' in os.environ and 'WORLD_SIZE' in os.environ  # started by torchrun
    use_cuda = torch.cuda.is_available() and not args.cpu
    if distributed:
        dist.init_process_group('nccl' if use_cuda else 'gloo')
    rank = dist.get_rank() if distributed else 0
    world = dist.get_world_size() if distributed else 1
    local_rank = int(os.environ.get('LOCAL_RANK', 0))
    device = torch.device(f'cuda:{local_rank}' if use_cuda else 'cpu')
    if use_cuda:
        torch.cuda.set_device(device)
    dtype = torch.float64 if args.float64 else torch.float32
    if args.batch_size < world:
        raise SystemExit(f'--batch-size {args.batch_size} is smaller than the {world} processes')

    model = Net().to(dtype)
    with np.load(os.path.join(HERE, FILES['weights'])) as weights:
        model.load_keras_weights({k: weights[k].astype(np.float64 if args.float64 else np.float32) for k in weights.files})
    model.to(device)
    trainable = [p for p in model.parameters() if p.requires_grad]
    net = DistributedDataParallel(model, device_ids=[local_rank] if use_cuda else None) if distributed else model
    hyper = dict(OPTIMIZER)
    clipping = {k: hyper.pop(k) for k in ('clipnorm', 'global_clipnorm', 'clipvalue') if k in hyper}
    if args.lr is not None:
        hyper['lr'] = args.lr
    optimizer = OPTIMIZERS[hyper.pop('name')](trainable, **hyper)

    xs = [np.load(os.path.join(HERE, f), mmap_mode='r') for f in FILES['x']]
    ys = [np.load(os.path.join(HERE, f), mmap_mode='r') for f in FILES['y']]
    n = xs[0].shape[0]
    # Keras validation_split: the last fraction of the samples, taken before any shuffling.
    split = int(math.floor(n * (1.0 - FIT['validation_split']))) if FIT['validation_split'] else n
    train_rows = list(range(split))
    if FILES['validation_x']:  # Keras validation_data
        val_xs = [np.load(os.path.join(HERE, f), mmap_mode='r') for f in FILES['validation_x']]
        val_ys = [np.load(os.path.join(HERE, f), mmap_mode='r') for f in FILES['validation_y']]
        val_rows = list(range(val_xs[0].shape[0]))
    else:
        val_xs, val_ys, val_rows = xs, ys, list(range(split, n))
    data = ArrayData(xs, ys, train_rows)
    if args.replay_order:
        order = np.load(os.path.join(HERE, FILES['order']))
        sampler = ReplaySampler(order, {r: i for i, r in enumerate(train_rows)}, args.batch_size, rank, world)
        loader = DataLoader(data, batch_sampler=sampler)
    else:
        sampler = DistributedSampler(data, num_replicas=world, rank=rank, shuffle=FIT['shuffle'], seed=FIT['seed'])
        loader = DataLoader(data, batch_size=max(1, args.batch_size // world), sampler=sampler)

    def to_device(ts, like_float):
        return [t.to(device, dtype if (like_float and t.is_floating_point()) else t.dtype) for t in ts]

    losses, logged, step = [], [], 0
    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        net.train()
        sums, count = torch.zeros(len(LOG_NAMES), dtype=torch.float64), 0
        for x, y in loader:
            x, y = to_device(x, True), to_device(y, True)
            outputs, masks = net(*x)
            loss, logs = compute_logs(outputs, masks, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()  # DistributedDataParallel averages the gradients over processes here
            clip_gradients(trainable, **clipping)
            optimizer.step()
            values = torch.stack([logs[k].to(torch.float64) for k in LOG_NAMES])
            if distributed:
                dist.all_reduce(values)  # the mean over processes, for the log
                values /= world
            values = values.cpu()
            losses.append(float(values[0]))
            logged.append(values.tolist())
            sums, count, step = sums + values, count + 1, step + 1
            if rank == 0 and (step % LOG_EVERY == 0 or count == len(loader)):
                print(f'epoch {epoch + 1}/{args.epochs} batch {count}/{len(loader)} {log_line(LOG_NAMES, (sums / count).tolist())}', flush=True)
            if args.max_steps is not None and step >= args.max_steps:
                break
        if rank == 0 and val_rows:
            means = evaluate(model, val_xs, val_ys, val_rows, args.batch_size, to_device)
            print(f'epoch {epoch + 1}: {log_line(["val_" + k for k in LOG_NAMES], means)}', flush=True)
        if args.max_steps is not None and step >= args.max_steps:
            break
    if rank == 0:
        if args.losses_out:
            with open(args.losses_out, 'w') as f:
                json.dump({'losses': losses, 'names': LOG_NAMES, 'logs': logged, 'world_size': world}, f)
        if args.save:
            torch.save(model.state_dict(), args.save)
    if distributed:
        dist.destroy_process_group()


@torch.no_grad()
def evaluate(model, xs, ys, rows, batch_size, to_device):
    """Every logged value over the rows, means weighted by batch size (Keras evaluate)."""
    model.eval()
    sums = torch.zeros(len(LOG_NAMES), dtype=torch.float64)
    for start in range(0, len(rows), batch_size):
        part = rows[start:start + batch_size]
        x = to_device([torch.from_numpy(np.array(a[part])) for a in xs], True)
        y = to_device([torch.from_numpy(np.array(a[part])) for a in ys], True)
        outputs, masks = model(*x)
        _, logs = compute_logs(outputs, masks, y)
        sums += torch.stack([logs[k].to(torch.float64).cpu() for k in LOG_NAMES]) * len(part)
    return (sums / len(rows)).tolist()


if __name__ == '__main__':
    main()
`;
