/**
 * Runs one negotiation at a time. Asked again while one runs (a screen share starts during the first publish, an ICE
 * restart during a renegotiation), it runs exactly once more afterwards: that run offers everything changed meanwhile,
 * so asking ten times costs one extra round trip, not ten.
 */
export class Renegotiation {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly run: () => Promise<void>, private readonly onError: (e: unknown) => void) {}

  /** Asks for a negotiation; resolves once none is running or owed. */
  request(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop();
    return this.running;
  }

  /** Resolves once none is running or owed, without asking for one. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  stop(): void {
    this.stopped = true;
    this.again = false;
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        try {
          await this.run();
        } catch (e) {
          if (!this.stopped) this.onError(e);
        }
      } while (this.again && !this.stopped);
    } finally {
      this.running = null;
    }
  }
}
