/** The parts of a request that asked departments, in seconds. */
export interface RequestPhases {
  /** Arrival to the first department call: HTTP, authentication, parsing, rules. */
  before_departments: number;
  /** First call sent to last answer decoded: what the departments (and the network) cost. */
  departments: number;
  /** Last answer to the result being ready: execution, masking, rules on the answers. */
  after_departments: number;
}

/** When one request arrived, first asked a department and last heard from one (performance.now() ms). */
export class RequestTiming {
  private firstCall = Infinity;
  private lastAnswer = -Infinity;

  constructor(readonly arrivedAt = performance.now()) {}

  call(startedAt: number, endedAt: number): void {
    this.firstCall = Math.min(this.firstCall, startedAt);
    this.lastAnswer = Math.max(this.lastAnswer, endedAt);
  }

  /** Undefined when no department was called (a warm cache, a refusal, a case operation). */
  phases(now = performance.now()): RequestPhases | undefined {
    if (this.firstCall === Infinity) return undefined;
    return {
      before_departments: (this.firstCall - this.arrivedAt) / 1000,
      departments: (this.lastAnswer - this.firstCall) / 1000,
      after_departments: (now - this.lastAnswer) / 1000,
    };
  }
}
