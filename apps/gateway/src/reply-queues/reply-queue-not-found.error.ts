export class ReplyQueueNotFoundError extends Error {
  /** `message`: in the terms of the API that asked, when it names the answer otherwise (a completion, a chat). */
  constructor(
    readonly messageId: string,
    message = `No message ${messageId} is waiting to be streamed: it is unknown, finished or expired`,
  ) {
    super(message);
    this.name = 'ReplyQueueNotFoundError';
  }
}
