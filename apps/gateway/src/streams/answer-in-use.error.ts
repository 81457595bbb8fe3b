/** With REPLY_QUEUES=original an answer has one stream at a time, and `messageId` has one open here. */
export class AnswerInUseError extends Error {
  constructor(readonly messageId: string) {
    super(`Message ${messageId} is being streamed already; with REPLY_QUEUES=original an answer cannot be taken over`);
    this.name = 'AnswerInUseError';
  }
}
