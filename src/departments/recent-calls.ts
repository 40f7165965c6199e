/** The last N calls to one department: what Query.departments and operators see as "recent". */
export class RecentCalls {
  private readonly outcomes: boolean[] = [];
  private readonly latencies: number[] = [];
  private next = 0;

  constructor(private readonly size = 200) {}

  record(ok: boolean, ms: number): void {
    this.outcomes[this.next] = ok;
    this.latencies[this.next] = ms;
    this.next = (this.next + 1) % this.size;
  }

  get count(): number {
    return this.outcomes.length;
  }

  errorRate(): number {
    if (this.outcomes.length === 0) return 0;
    return this.outcomes.filter((ok) => !ok).length / this.outcomes.length;
  }

  /** Latency at a quantile (0..1) in ms, or null before any call. */
  latency(quantile: number): number | null {
    if (this.latencies.length === 0) return null;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!;
  }
}
