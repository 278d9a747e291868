/**
 * One timer for the deadlines of many attempts (the per-attempt timeout of a transport, on both
 * of its paths: internal/direct.ts and internal/timeout.ts). A timer of its own for each attempt
 * costs a `setTimeout` and a `clearTimeout` a call: about 1 µs of CPU on Node and 4 to 5 µs on
 * Deno, whose timers keep tables of their own (bench/NOTES.md). Here an attempt adds its deadline
 * to a queue and cancels it when it settles, and one timer rings for the earliest deadline still
 * pending.
 *
 * Where the runtime's timer has `unref` (Node, Bun, Deno's Node-compatible timers), the timer does
 * not keep the process alive and stays armed when no deadline is pending: an attempt in flight is
 * kept alive by its connection, as before. Where it has none, the timer is cleared as soon as no
 * deadline is pending, so it never holds a process that has nothing left to do.
 * @internal
 */

/**
 * A deadline in the queue: its time (`performance.now()` milliseconds, a clock that setting the
 * system's time does not move) and what it does then, until cancelled. @internal
 */
export class Deadline {
  constructor(
    readonly at: number,
    public fire: (() => void) | undefined
  ) {}
}

/** At most this many settled deadlines stay in an idle queue. */
const IDLE_KEPT = 32

/** @internal */
export class Deadlines {
  private queue: Array<Deadline> = []
  /** Deadlines in the queue not yet fired or cancelled. */
  private pending = 0
  private timer: ReturnType<typeof setTimeout> | undefined = undefined
  /** When the armed timer rings (`Infinity`: none armed). */
  private ringsAt = Infinity
  /** Whether the armed timer keeps the process alive (the runtime's timer has no `unref`). */
  private holds = false

  /** Calls `fire` in `millis` milliseconds unless the deadline is cancelled first. */
  add(millis: number, fire: () => void): Deadline {
    const at = performance.now() + millis
    const deadline = new Deadline(at, fire)
    const queue = this.queue
    queue.push(deadline)
    this.pending++
    if (at < this.ringsAt) this.arm(at)
    else if (queue.length > 2 * this.pending + 64) this.compact()
    return deadline
  }

  /** The attempt settled: its deadline does nothing, and holds nothing of the attempt. */
  cancel(deadline: Deadline): void {
    if (deadline.fire === undefined) return
    deadline.fire = undefined
    if (--this.pending > 0) return
    if (this.queue.length > IDLE_KEPT) this.queue.length = 0
    if (this.holds) this.disarm()
  }

  /** Fires what is due, keeps the rest, and arms the timer for the earliest deadline left. */
  private readonly ring = (): void => {
    this.timer = undefined
    this.ringsAt = Infinity
    const now = performance.now()
    const due: Array<() => void> = []
    const queue = this.queue
    let kept = 0
    let next = Infinity
    for (let i = 0; i < queue.length; i++) {
      const deadline = queue[i]!
      const fire = deadline.fire
      if (fire === undefined) continue
      if (deadline.at <= now) {
        deadline.fire = undefined
        this.pending--
        due.push(fire)
      } else {
        queue[kept++] = deadline
        if (deadline.at < next) next = deadline.at
      }
    }
    queue.length = kept
    if (next !== Infinity) this.arm(next)
    for (const fire of due) fire()
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.ringsAt = at
    const timer: unknown = setTimeout(this.ring, Math.max(0, Math.ceil(at - performance.now())))
    const unref = typeof timer === "object" && timer !== null ? (timer as { unref?: unknown }).unref : undefined
    this.holds = typeof unref !== "function"
    if (!this.holds) (unref as () => void).call(timer)
    this.timer = timer as ReturnType<typeof setTimeout>
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.ringsAt = Infinity
  }

  /** Drops the settled deadlines from the queue (in order). */
  private compact(): void {
    const queue = this.queue
    let kept = 0
    for (let i = 0; i < queue.length; i++) {
      const deadline = queue[i]!
      if (deadline.fire !== undefined) queue[kept++] = deadline
    }
    queue.length = kept
  }
}
