// Limits shared by every step of one probe: a single total deadline, cancellation, a cap on connections (total
// and at once), and byte counters. Steps ask the budget before opening a socket, so no path can exceed it.

export const maxConnections = 8;
export const maxConcurrentConnections = 3;

export class BudgetExhaustedError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'BudgetExhaustedError';
  }
}

export class ProbeBudget {
  private opened = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private bytes = 0;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  readonly deadline: number;

  private readonly onExternalAbort = (): void => this.controller.abort(new Error('cancelled'));

  constructor(readonly timeoutMs: number, private readonly external?: AbortSignal) {
    this.deadline = Date.now() + timeoutMs;
    this.timer = setTimeout(() => this.controller.abort(new Error('deadline')), timeoutMs);
    this.timer.unref();
    if (external?.aborted) this.onExternalAbort();
    else external?.addEventListener('abort', this.onExternalAbort, { once: true });
  }

  /** True when the caller's signal, not the deadline, ended the probe. */
  cancelledByUser(): boolean {
    return this.external?.aborted === true;
  }

  /** Aborts when the deadline passes or the caller cancels; every socket and timer listens to it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  /** A share of what is left, for a step that must leave time for the ones after it. */
  slice(fraction: number, atLeastMs = 0): number {
    return Math.min(this.remainingMs(), Math.max(atLeastMs, Math.round(this.remainingMs() * fraction)));
  }

  get connectionsOpened(): number {
    return this.opened;
  }

  canOpen(count = 1): boolean {
    return this.opened + count <= maxConnections && !this.signal.aborted;
  }

  /** Waits for a free slot (at most three at once) and counts the connection; call the result to release it. */
  async acquire(): Promise<() => void> {
    if (this.opened >= maxConnections) throw new BudgetExhaustedError(`connection budget of ${maxConnections} used up`);
    this.opened++;
    while (this.active >= maxConcurrentConnections) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    if (this.signal.aborted) {
      this.wakeNext();
      throw new BudgetExhaustedError('the probe deadline passed');
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.wakeNext();
    };
  }

  private wakeNext(): void {
    this.waiting.shift()?.();
  }

  addBytes(count: number): void {
    this.bytes += count;
  }

  get bytesRead(): number {
    return this.bytes;
  }

  dispose(): void {
    clearTimeout(this.timer);
    // A caller may reuse one long-lived signal for many probes: leave no listener behind.
    this.external?.removeEventListener('abort', this.onExternalAbort);
  }
}

/** Resolves after `ms` or when the signal aborts, whichever comes first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) { resolve(); return; }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
