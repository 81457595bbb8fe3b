import { AnswerEnding, AnswerTranscriptMessage, endingFields, MessageHeader, messageHeader } from '@app/contracts';

/** Delivery tags of held messages, with the seq of each word among them (0 for anything else). */
export interface HeldMessages {
  tags: number[];
  seqs: number[];
}

/**
 * One answer as a relay has received it: each word's text by seq, the end, and the messages it holds
 * unacked. Words and the end arrive in any order, once or more (a resume, an answer generated again
 * after a worker's restart, a transcript); the record keeps the first copy of each.
 */
export class AnswerRecord {
  header?: MessageHeader;
  /** The end's seq, 0 until the end has arrived. */
  endSeq = 0;
  /** How the answer ended (an error, a finish reason, usage), once the end has arrived. */
  ending: AnswerEnding = {};
  /** The delivery tag of the only message held, when that is a transcript of the whole answer; 0 otherwise. */
  transcriptTag = 0;
  private held: HeldMessages = { tags: [], seqs: [] };
  private heldWords = 0;
  private readonly words: (string | undefined)[] = [];
  /** Each word's separator (WordMessage.sep), from the first word that has one; workers of the original protocol send none. */
  private seps?: (string | undefined)[];
  private wordCount = 0;

  /** The next seq for a word of the original protocol, which numbers nothing: the order of arrival. */
  get nextSeq(): number {
    return Math.max(this.words.length, this.endSeq) + 1;
  }

  /** Word messages held, not yet kept in a transcript of this relay's. */
  get heldWordCount(): number {
    return this.heldWords;
  }

  text(seq: number): string | undefined {
    return this.words[seq - 1];
  }

  sep(seq: number): string | undefined {
    return this.seps?.[seq - 1];
  }

  /** Every word and the end are here: the answer can be kept as one transcript. */
  get isWhole(): boolean {
    return this.endSeq !== 0 && this.wordCount === this.endSeq - 1;
  }

  /** False when the word was here already. */
  addWord(seq: number, text: string, header: MessageHeader, sep?: string): boolean {
    if (this.words[seq - 1] !== undefined) return false;
    this.header ??= messageHeader(header);
    this.words[seq - 1] = text;
    if (sep !== undefined) (this.seps ??= [])[seq - 1] = sep;
    this.wordCount += 1;
    return true;
  }

  /** False when the end was here already. */
  addEnd(seq: number, header: MessageHeader, ending: AnswerEnding): boolean {
    if (this.endSeq !== 0) return false;
    this.header ??= messageHeader(header);
    this.endSeq = seq;
    this.ending = endingFields(ending);
    return true;
  }

  /** Adds what the transcript has; if that makes the answer whole, the transcript alone can stand for it. */
  addTranscript(transcript: AnswerTranscriptMessage, deliveryTag: number): void {
    const { words, seps, end_seq, first_seq = 1, ...header } = transcript;
    words.forEach((text, index) => text !== null && this.addWord(first_seq + index, text, header, seps?.[index] ?? undefined));
    if (end_seq !== undefined) this.addEnd(end_seq, header, transcript);
    if (this.isWhole && this.held.tags.length === 0) this.transcriptTag = deliveryTag;
  }

  /** `seq`: the word the message carries, 0 for an end or a transcript. */
  hold(deliveryTag: number, seq = 0): void {
    this.held.tags.push(deliveryTag);
    this.held.seqs.push(seq);
    if (seq !== 0) this.heldWords += 1;
  }

  /** Everything this record has, in one message; words it lacks are null. */
  transcript(): AnswerTranscriptMessage {
    const words = Array.from(this.words, (text) => text ?? null);
    const end = this.endSeq === 0 ? {} : { end_seq: this.endSeq, ...this.ending };
    return { ...this.header!, words, ...this.sepsOf(1, words.length), ...end };
  }

  /**
   * Takes the held word messages out, with a transcript of the words from the first to the last of
   * them (a segment), to be acked once the broker has the segment; anything else stays held.
   */
  takeHeldWords(): { words: HeldMessages; segment: AnswerTranscriptMessage } {
    const words: HeldMessages = { tags: [], seqs: [] };
    const rest: HeldMessages = { tags: [], seqs: [] };
    this.held.tags.forEach((tag, index) => {
      const seq = this.held.seqs[index];
      const into = seq === 0 ? rest : words;
      into.tags.push(tag);
      into.seqs.push(seq);
    });
    this.held = rest;
    this.heldWords = 0;
    const first = Math.min(...words.seqs);
    const last = Math.max(...words.seqs);
    const length = last - first + 1;
    const segment = {
      ...this.header!,
      first_seq: first,
      words: Array.from({ length }, (_, i) => this.text(first + i) ?? null),
      ...this.sepsOf(first, length),
    };
    return { words, segment };
  }

  /** The transcript's `seps` for `length` words from `first`, when the answer has separators at all. */
  private sepsOf(first: number, length: number): Pick<AnswerTranscriptMessage, 'seps'> {
    if (this.seps === undefined) return {};
    return { seps: Array.from({ length }, (_, i) => this.sep(first + i) ?? null) };
  }

  /** Holds again what takeHeldWords() took, when the segment could not be kept. */
  holdAgain({ tags, seqs }: HeldMessages): void {
    tags.forEach((tag, index) => this.hold(tag, seqs[index]));
  }

  /** Takes every held message out of the record, to settle them. */
  takeHeld(): { tags: number[]; transcriptTag: number } {
    const taken = { tags: this.held.tags, transcriptTag: this.transcriptTag };
    this.held = { tags: [], seqs: [] };
    this.heldWords = 0;
    this.transcriptTag = 0;
    return taken;
  }
}
