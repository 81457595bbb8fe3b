/**
 * Puts numbered items back in order. Words of one answer can arrive out of order when a reconnecting
 * client's consumer starts before the previous consumer's unacked words are back in the queue; an early
 * word waits here for the ones before it.
 */
export class SeqOrder<T> {
  private readonly early = new Map<number, T>();

  constructor(private last: number) {}

  get lastSeq(): number {
    return this.last;
  }

  get waiting(): boolean {
    return this.early.size > 0;
  }

  /** The items that can go out now, in order ([] when `seq` is early), or null for a seq seen before. */
  push(seq: number, item: T): T[] | null {
    if (seq <= this.last || this.early.has(seq)) return null;
    // The usual case, every word: the next one, with nothing waiting.
    if (seq === this.last + 1 && this.early.size === 0) {
      this.last = seq;
      return [item];
    }
    this.early.set(seq, item);
    return this.drain();
  }

  /** Gives up on the missing numbers: whatever waits goes out, in order. */
  skipGap(): T[] {
    if (this.early.size === 0) return [];
    this.last = Math.min(...this.early.keys()) - 1;
    return this.drain();
  }

  /** Empties the buffer, in order, without sending anything. */
  takeAll(): T[] {
    const items = [...this.early.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
    this.early.clear();
    return items;
  }

  private drain(): T[] {
    const ready: T[] = [];
    while (this.early.has(this.last + 1)) {
      this.last += 1;
      ready.push(this.early.get(this.last)!);
      this.early.delete(this.last);
    }
    return ready;
  }
}
