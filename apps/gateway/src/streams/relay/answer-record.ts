import { AnswerTranscriptMessage } from '@app/contracts';

/** What every word and the end of one answer carry besides their text. */
export interface AnswerHeader {
  chat_id: string;
  chat_title: string;
  message_id: string;
}

/**
 * One answer as a relay has received it: each word's text by seq, the end, and the delivery tags of
 * the messages it holds unacked. Words and the end arrive in any order, once or more (a resume, an
 * answer generated again after a worker's restart); the record keeps the first copy of each.
 */
export class AnswerRecord {
  header?: AnswerHeader;
  /** The end's seq, 0 until the end has arrived. */
  endSeq = 0;
  error?: string;
  /** Deliveries held unacked on the relay's channel: acked once the answer is kept whole, or requeued. */
  held: number[] = [];
  /** The delivery tag of the only message held, when that is a transcript of the whole answer; 0 otherwise. */
  transcriptTag = 0;
  private readonly words: (string | undefined)[] = [];
  private wordCount = 0;

  /** The next seq for a word of the original protocol, which numbers nothing: the order of arrival. */
  get nextSeq(): number {
    return Math.max(this.words.length, this.endSeq) + 1;
  }

  text(seq: number): string | undefined {
    return this.words[seq - 1];
  }

  /** Every word and the end are here: the answer can be kept as one transcript. */
  get isWhole(): boolean {
    return this.endSeq !== 0 && this.wordCount === this.endSeq - 1;
  }

  /** False when the word was here already. */
  addWord(seq: number, text: string, header: AnswerHeader): boolean {
    if (this.words[seq - 1] !== undefined) return false;
    this.header ??= headerOf(header);
    this.words[seq - 1] = text;
    this.wordCount += 1;
    return true;
  }

  /** False when the end was here already. */
  addEnd(seq: number, header: AnswerHeader, error?: string): boolean {
    if (this.endSeq !== 0) return false;
    this.header ??= headerOf(header);
    this.endSeq = seq;
    this.error = error;
    return true;
  }

  /** Adds what the transcript has; if that makes the answer whole, the transcript alone can stand for it. */
  addTranscript(transcript: AnswerTranscriptMessage, deliveryTag: number): void {
    const { words, end_seq, error, ...header } = transcript;
    words.forEach((text, index) => text !== null && this.addWord(index + 1, text, header));
    if (end_seq !== undefined) this.addEnd(end_seq, header, error);
    if (this.isWhole && this.held.length === 0) this.transcriptTag = deliveryTag;
  }

  /** Everything this record has, in one message; words it lacks are null. */
  transcript(): AnswerTranscriptMessage {
    const words = Array.from(this.words, (text) => text ?? null);
    const end = this.endSeq === 0 ? {} : { end_seq: this.endSeq, ...(this.error === undefined ? {} : { error: this.error }) };
    return { ...this.header!, words, ...end };
  }

  /** Takes the held deliveries out of the record, to settle them. */
  takeHeld(): { held: number[]; transcriptTag: number } {
    const taken = { held: this.held, transcriptTag: this.transcriptTag };
    this.held = [];
    this.transcriptTag = 0;
    return taken;
  }
}

function headerOf({ chat_id, chat_title, message_id }: AnswerHeader): AnswerHeader {
  return { chat_id, chat_title, message_id };
}
