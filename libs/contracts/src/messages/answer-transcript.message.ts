/** The AMQP `type` of a transcript, to tell it from a worker's word in the same reply queue. */
export const TRANSCRIPT_MESSAGE_TYPE = 'transcript';

/**
 * An answer, or the part of it a gateway has, in one message. A relay that lets an answer go (the
 * client left, stalled or was taken over) or has relayed its end puts this in the reply queue in place
 * of the word messages it holds: one message instead of one per word, and the broker requeues single
 * messages one by one, in a time that grows with the square of their number.
 *
 * `words[i]` is the text of the word whose seq is i + 1, null for one this gateway did not have (it is
 * still in the queue). `end_seq` is the end's seq, when the end has arrived.
 */
export interface AnswerTranscriptMessage {
  chat_id: string;
  chat_title: string;
  message_id: string;
  words: (string | null)[];
  end_seq?: number;
  /** Present when the answer ended with an error. */
  error?: string;
}
