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

  /**
   * `onError` hears a task that threw, whenever it runs. A queued one runs from a timer or a
   * department call's bookkeeping, where a throw would end the process or fail that call, and would
   * leave the tasks queued after it (a reservation that lets an answer go) never run.
   */
  constructor(private readonly onError: (error: unknown) => void) {}

  /** Departments are being asked, or about to be (the first time starts the clock). */
  asking(): void {
    if (this.asked) return;
    this.asked = true;
    this.waiting = setTimeout(() => this.release(), AFTER_ASKING_MS);
  }

  /** A department answered (or every lookup was answered from the cache): nothing waits any longer. */
  heard(): void {
    this.release();
  }

  /** Runs `task` once the departments are busy; at once when none is being asked. */
  run(task: () => void): void {
    if (this.waiting) this.queue.push(task);
    else this.start(task);
  }

  private release(): void {
    clearTimeout(this.waiting);
    this.waiting = undefined;
    for (const task of this.queue.splice(0)) this.start(task);
  }

  private start(task: () => void): void {
    try {
      task();
    } catch (error) {
      this.onError(error);
    }
  }
}
