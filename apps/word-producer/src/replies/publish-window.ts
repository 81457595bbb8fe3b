/**
 * Bounds the words handed to the connection that the broker has not handled yet. Without publisher
 * confirms nothing else would: at full speed the worker would fill its socket and the broker's
 * buffers with thousands of words, and the first word of a new answer would wait behind all of them.
 * A round trip on the words' channel, which the broker answers only after every publish before it,
 * tells how many it has handled; one starts every half window, so words keep flowing while it
 * travels, and senders wait only when a whole window is unhandled.
 */
export class PublishWindow {
  private sent = 0;
  private handled = 0;
  private checked = 0;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly size: number,
    private readonly roundTrip: () => Promise<unknown>,
  ) {}

  /** Counts a word just sent; resolves at once unless a whole window is now unhandled. */
  async sentOne(): Promise<void> {
    this.sent += 1;
    if (this.sent - this.checked >= this.size / 2) this.check();
    while (this.sent - this.handled >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private check(): void {
    const upTo = this.sent;
    this.checked = upTo;
    // A failed round trip means the channel is gone: nobody waits for it, the next publish fails.
    const settle = (handled: number): void => {
      this.handled = Math.max(this.handled, handled);
      for (const wake of this.waiting.splice(0)) wake();
    };
    this.roundTrip().then(
      () => settle(upTo),
      () => settle(Number.POSITIVE_INFINITY),
    );
  }
}
