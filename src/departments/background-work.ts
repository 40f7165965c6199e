// How long after a request first asks a department its own work meanwhile starts (see BackgroundWork).
const AFTER_ASKING_MS = 5;

/**
 * Work a request does while its departments answer (its audit reservation, its one-window cases
 * lookup), started once the departments are busy with its calls: AFTER_ASKING_MS after the first
 * call, or at the first answer if that comes sooner. The calls reach their sockets a turn or more
 * after they are made, and each department then parses the request and starts its work on the same
 * few cores; on PGlite the gateway's statements run inside its own process. Started at once, that
 * work held the last department's request back by its own time (0.5-1.5 ms at one connection, on
 * two cores), and its answer with it.
 */
export class BackgroundWork {
  private waiting: NodeJS.Timeout | undefined;
  private asked = false;
  private readonly queue: (() => void)[] = [];

  /** A department is being asked (the first call starts the clock). */
  asking(): void {
    if (this.asked) return;
    this.asked = true;
    this.waiting = setTimeout(() => this.release(), AFTER_ASKING_MS);
  }

  /** A department answered: nothing waits any longer. */
  heard(): void {
    this.release();
  }

  /**
   * Runs `task` once the departments are busy. Asked before any call is made (the calls of the
   * resolver asking are about to be), it looks again two turns of the event loop later: no call by
   * then, and it runs.
   */
  run(task: () => void, callsUnderWay = this.asked): void {
    if (this.waiting) return void this.queue.push(task);
    if (callsUnderWay) return task();
    setImmediate(() => setImmediate(() => this.run(task, true)));
  }

  private release(): void {
    clearTimeout(this.waiting);
    this.waiting = undefined;
    for (const task of this.queue.splice(0)) task();
  }
}
