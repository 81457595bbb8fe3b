import { ConsumeMessage } from 'amqplib';
import { isEndOfStream, readAnswerTranscript, readWordMessage, TRANSCRIPT_MESSAGE_TYPE } from '@app/contracts';
import { ReplyConsumer } from '../../reply-queues/reply-consumer';
import { AnswerRecord } from './answer-record';
import { RelayContext } from './relay-context';

/**
 * Word messages a relay holds before it replaces them by one segment. The broker keeps a held message
 * for about 1.9 KB (measured), a word in a segment for a few bytes; and RabbitMQ 3.10 finds the
 * message an ack settles by walking its channel's unacked messages from the oldest: acking 15,000
 * held on one channel took 2.6-5.3 s, 2,500 took 0.13 s. 64 keeps a channel of 60 busy streams near
 * the latter, with a segment per 64 words.
 */
const CHECKPOINT_WORDS = 64;

/**
 * The messages of one answer that a relay holds unacked, so that whoever resumes the answer gets it
 * whole, and how they are settled: by a transcript published in their place. Requeueing them one by
 * one would keep their order as well, but the broker takes a time that grows with the square of
 * their number (over a minute for 16,000); one transcript is simply put back.
 */
export class HeldAnswer {
  /** A segment on its way to the broker; its words are acked once it is confirmed. */
  private checkpointing?: Promise<unknown>;

  constructor(
    private readonly answer: AnswerRecord,
    private readonly consumer: ReplyConsumer,
    private readonly context: RelayContext,
    private readonly messageId: string,
  ) {}

  /**
   * Records the message in the answer and holds it; acks a repeat or a malformed one, and any in
   * original mode, whose queue retains nothing for a resume. False for a word past MAX_ANSWER_WORDS.
   */
  take(message: ConsumeMessage): boolean {
    const deliveryTag = message.fields.deliveryTag;
    const seq = message.properties.type === TRANSCRIPT_MESSAGE_TYPE ? this.recordTranscript(message) : this.recordWord(message);
    if (typeof seq !== 'number' || this.context.settings.replyQueues === 'original') this.consumer.ack(deliveryTag);
    else this.answer.hold(deliveryTag, seq);
    return seq !== 'too long';
  }

  /**
   * Once CHECKPOINT_WORDS word messages are held, replaces them by one segment, so that a relay holds
   * about that many at most whatever the answer's length. If the broker cannot take the segment, they
   * stay held; a later checkpoint, or putBack(), settles them.
   */
  checkpointIfDue(): void {
    if (this.checkpointing || this.answer.heldWordCount < CHECKPOINT_WORDS) return;
    const holder = this.consumer.holder;
    const { words, segment } = this.answer.takeHeldWords();
    this.checkpointing = this.context.replyQueues
      .publishTranscript(segment)
      .then(
        () => words.tags.forEach((deliveryTag) => holder?.ack(deliveryTag)),
        // Held on a channel since lost, they are back in the queue already.
        () => holder?.isOpen && this.answer.holdAgain(words),
      )
      .finally(() => (this.checkpointing = undefined));
  }

  /**
   * Stops consuming, then replaces every message held by one transcript of all the relay has, and
   * acks them once the broker has confirmed it. If the transcript cannot be published, the messages
   * are requeued (or, with the channel gone, already are). At shutdown nothing is done: the broker
   * requeues all a closed connection held at once, which is quick.
   */
  async putBack(): Promise<void> {
    if (this.context.shuttingDown) return;
    await this.consumer.stop();
    await this.checkpointing;
    const { tags, transcriptTag } = this.answer.takeHeld();
    try {
      if (tags.length === 1 && transcriptTag) return this.consumer.requeue(transcriptTag);
      if (tags.length === 0) return;
      await this.context.replyQueues.publishTranscript(this.answer.transcript());
      for (const deliveryTag of tags) this.consumer.ack(deliveryTag);
    } catch (error) {
      if (!this.context.shuttingDown)
        this.context.logger.warn(`Message ${this.messageId} is kept word by word: ${(error as Error).message}`);
      for (const deliveryTag of tags) this.consumer.requeue(deliveryTag);
    } finally {
      this.consumer.release();
    }
  }

  /** The queue or the channel is gone, and with it every message held: there is nothing left to settle. */
  drop(): void {
    this.answer.takeHeld();
  }

  /** The seq of a new word, 0 for another new message (an end), null for a repeat or a malformed one. */
  private recordWord(message: ConsumeMessage): number | null | 'too long' {
    const word = readWordMessage(message.content);
    if (!word) return this.skipMalformed('word');
    const seq = word.seq ?? this.answer.nextSeq;
    if (seq > this.context.settings.maxAnswerWords + 1) return 'too long';
    if (isEndOfStream(word)) return this.answer.addEnd(seq, word, word) ? 0 : null;
    return this.answer.addWord(seq, word.text, word, word.sep) ? seq : null;
  }

  private recordTranscript(message: ConsumeMessage): number | null {
    const transcript = readAnswerTranscript(message.content);
    if (!transcript) return this.skipMalformed('transcript');
    this.answer.addTranscript(transcript, message.fields.deliveryTag);
    return 0;
  }

  private skipMalformed(what: 'word' | 'transcript'): null {
    this.context.logger.warn(`Skipped a malformed ${what} for message ${this.messageId}`);
    return null;
  }
}
