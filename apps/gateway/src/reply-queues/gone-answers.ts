/** Answers remembered as gone: enough for a flood of probes of old ids, at about 150 bytes each. */
const REMEMBERED = 10_000;

/**
 * Message ids whose reply queues this gateway deleted or found missing. A reply queue never comes
 * back once gone (ids are never reused), so the verdict can be given again without asking the
 * broker, where a check of a missing queue costs a channel (the broker closes it with a 404). It
 * also keeps a consume from following a delete made here: one of a missing queue would close the
 * channel of every stream consuming beside it. The oldest verdicts are forgotten first.
 */
export class GoneAnswers {
  private readonly ids = new Set<string>();

  add(messageId: string): void {
    this.ids.delete(messageId);
    this.ids.add(messageId);
    if (this.ids.size > REMEMBERED) this.ids.delete(this.ids.values().next().value!);
  }

  has(messageId: string): boolean {
    return this.ids.has(messageId);
  }
}
