// The interrupt hook for work that runs inside one builtin: the session installs it while a
// cell runs. Iterators (range, list) call it once per item, so sum(range(10**9)) can be
// interrupted; builtins that walk a huge value in one go (repr and print of a long list,
// sorted, list repetition) poll it every POLL_EVERY items, so they can be too.
// Module state on purpose: the hook is dynamically scoped, not session state. A thread runs one
// cell at a time, synchronously, so the hook in place is always the running session's, and
// setIterationTick's restore puts the previous one back when the cell ends; passing it instead
// would thread a session through every iterate() of every value type.
let iterationTick: () => void = () => {};

export function setIterationTick(tick: () => void): () => void {
  const previous = iterationTick;
  iterationTick = tick;
  return () => { iterationTick = previous; };
}

/** One item of an iteration: asks the hook (which throws KeyboardInterrupt when the user interrupted). */
export function tick(): void {
  iterationTick();
}

/** Items between two polls of a bulk builtin: the hook's cost stays out of a tight loop. */
const POLL_EVERY = 1024;
let sincePoll = 0;

/** One item of a bulk builtin's work: asks the hook every POLL_EVERY items. */
export function pollInterrupt(): void {
  if (++sincePoll < POLL_EVERY) return;
  sincePoll = 0;
  iterationTick();
}
