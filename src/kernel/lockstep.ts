// The turn order of compare(): several fits run in the training thread as coroutines, and only
// the one holding the turn may run a training step. Each hands the turn on after every step, so
// the models advance step for step, round robin (A1 B1 C1 A2 B2 C2 …), and a fit that ends
// (finished, stopped by a callback, interrupted, failed) leaves the rotation.

export class Lockstep {
  private turn: number;
  private readonly active: number[];
  private readonly waiting = new Map<number, () => void>();

  constructor(participants: number) {
    this.active = Array.from({ length: participants }, (_, i) => i);
    this.turn = 0;
  }

  /** Resolves when it is `who`'s turn. */
  wait(who: number): Promise<void> {
    if (this.turn === who) return Promise.resolve();
    return new Promise(resolve => this.waiting.set(who, resolve));
  }

  /** `who` has run one step: the next participant's turn, then `who`'s again. */
  pass(who: number): Promise<void> {
    this.handTo(this.after(who));
    return this.wait(who);
  }

  /** `who` ends: it leaves the rotation, and the turn goes on if it held it. */
  leave(who: number): void {
    const next = this.after(who);
    const i = this.active.indexOf(who);
    if (i >= 0) this.active.splice(i, 1);
    this.waiting.delete(who);
    if (this.turn === who && this.active.length) this.handTo(next === who ? this.active[0] : next);
  }

  /** The participant after `who` in the rotation (`who` itself when it is alone). */
  private after(who: number): number {
    const later = this.active.find(p => p > who);
    return later ?? this.active[0] ?? who;
  }

  private handTo(who: number): void {
    this.turn = who;
    const resolve = this.waiting.get(who);
    if (resolve) {
      this.waiting.delete(who);
      resolve();
    }
  }
}
