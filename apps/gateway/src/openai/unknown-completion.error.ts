import { ReplyQueueNotFoundError } from '../reply-queues/reply-queue-not-found.error';

/** A 404 that names no id: an id may be anything a client sent, kilobytes of it. */
export class UnknownCompletionError extends ReplyQueueNotFoundError {
  constructor() {
    super('', 'No such completion: the id is unknown, or the completion was cancelled, released or expired');
    this.name = 'UnknownCompletionError';
  }
}
