import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { AppMetrics } from '@app/observability';

/** What the answer relays count, as plain numbers read at scrape time (see AppMetrics). */
export interface RelayCounts {
  wordsRelayed: number;
  resumes: number;
  takeovers: number;
  stalledClients: number;
  /** A new stream's first word was written this long after the stream opened. */
  firstWordAfter(ms: number): void;
}

/**
 * The gateway's Prometheus metrics. No label carries a chat or message id: the number of series stays
 * fixed however many answers go through.
 */
@Injectable()
export class GatewayMetrics extends AppMetrics {
  readonly relays: RelayCounts;
  readonly counts = {
    rateLimited: 0,
    replyQueuesDeclared: 0,
    replyQueuesDeclaredAhead: 0,
    replyQueuesTakenReady: 0,
    replyQueuesDeleted: 0,
    brokerReconnects: 0,
    replyChannelFailures: 0,
  };

  constructor() {
    super();
    const firstWord = new Histogram({
      name: 'gateway_time_to_first_word_seconds',
      help: 'From a new event stream opening to its first word written (includes the wait for a worker)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.relays = { wordsRelayed: 0, resumes: 0, takeovers: 0, stalledClients: 0, firstWordAfter: (ms) => firstWord.observe(ms / 1000) };
    const { relays, counts } = this;
    this.count('gateway_words_relayed_total', 'Words written to event streams', () => relays.wordsRelayed);
    this.count('gateway_resumes_total', 'Event streams opened with Last-Event-ID (reconnects)', () => relays.resumes);
    this.count('gateway_takeovers_total', 'Streams that let an answer go to a newer stream of it', () => relays.takeovers);
    this.count('gateway_stalled_clients_total', 'Clients cut off for taking nothing for STALLED_CLIENT_MS', () => relays.stalledClients);
    this.count('gateway_rate_limited_requests_total', 'Requests refused with 429 (per-client limits)', () => counts.rateLimited);
    this.count('gateway_reply_queues_declared_total', 'Reply queues declared, ahead or on the way', () => counts.replyQueuesDeclared);
    this.count(
      'gateway_reply_queues_declared_ahead_total',
      'Of those, declared ahead for a message to come (ReadyReplyQueues)',
      () => counts.replyQueuesDeclaredAhead,
    );
    this.count(
      'gateway_reply_queues_taken_ready_total',
      'Messages that found their reply queue declared ahead',
      () => counts.replyQueuesTakenReady,
    );
    this.count(
      'gateway_reply_queues_deleted_total',
      'Reply queues deleted (released, stopped or expired)',
      () => counts.replyQueuesDeleted,
    );
    this.count('gateway_broker_reconnects_total', 'Broker connections made after the first', () => counts.brokerReconnects);
    this.count(
      'gateway_reply_channel_failures_total',
      'Reply-consumer channels closed by an error (their streams re-attach)',
      () => counts.replyChannelFailures,
    );
  }
}
