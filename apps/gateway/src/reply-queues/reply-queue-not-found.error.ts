export class ReplyQueueNotFoundError extends Error {
  constructor(readonly messageId: string) {
    super(`No message ${messageId} is waiting to be streamed: it is unknown, finished or expired`);
    this.name = 'ReplyQueueNotFoundError';
  }
}
