import { Injectable } from '@nestjs/common';
import { AppMetrics, countFrom } from '@app/observability';

/** The worker's Prometheus metrics, served on HEALTH_PORT. No label carries a chat or message id. */
@Injectable()
export class WorkerMetrics extends AppMetrics {
  /** Plain counts, bumped as things happen and read when Prometheus scrapes. */
  readonly counts = { wordsPublished: 0, answersStopped: 0, requestsRejected: 0 };

  constructor() {
    super();
    const { counts } = this;
    countFrom(this.registry, 'worker_words_published_total', 'Words published to reply queues', () => counts.wordsPublished);
    countFrom(
      this.registry,
      'worker_answers_stopped_total',
      'Answers stopped because a word came back: nobody listens any more (stopped, released or expired)',
      () => counts.answersStopped,
    );
    countFrom(this.registry, 'worker_requests_rejected_total', 'Malformed or oversized requests dropped', () => counts.requestsRejected);
  }
}
