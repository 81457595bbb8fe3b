import { Injectable } from '@nestjs/common';
import { AppMetrics } from '@app/observability';

/** The worker's Prometheus metrics, served on HEALTH_PORT. No label carries a chat or message id. */
@Injectable()
export class WorkerMetrics extends AppMetrics {
  /** Plain counts, bumped as things happen and read when Prometheus scrapes. */
  readonly counts = { wordsPublished: 0, answersStopped: 0, answersFailed: 0, requestsRejected: 0 };

  constructor() {
    super();
    const { counts } = this;
    this.count('worker_words_published_total', 'Words published to reply queues', () => counts.wordsPublished);
    const stopped = 'Answers stopped because a word came back: nobody listens any more (stopped, released or expired)';
    this.count('worker_answers_stopped_total', stopped, () => counts.answersStopped);
    const failed = 'Answers ended with an error: the model server failed, or a model-backed answer cut short by a dead worker';
    this.count('worker_answers_failed_total', failed, () => counts.answersFailed);
    this.count('worker_requests_rejected_total', 'Malformed or oversized requests dropped', () => counts.requestsRejected);
  }
}
