import { END_MARKER, isEndOfStream } from './end-of-stream';
import {
  DEAD_REQUESTS_EXCHANGE,
  deadRequestsQueue,
  REQUESTS_QUEUE_OPTIONS,
  requestsQueueOptions,
  REPLY_QUEUE_OPTIONS,
  replyQueueName,
} from './queues';

/**
 * The original Python services' wire values, spelled out here rather than read from the constants
 * under test: if a constant drifted, these would fail, and the original gateway and worker would no
 * longer work with this project.
 */
describe('compatibility with the original services', () => {
  it('declares requests_queue durable with a 5-minute message TTL, exactly as they do', () => {
    expect(REQUESTS_QUEUE_OPTIONS).toEqual({ durable: true, arguments: { 'x-message-ttl': 300000 } });
    expect(requestsQueueOptions('classic')).toBe(REQUESTS_QUEUE_OPTIONS);
    expect(requestsQueueOptions('quorum')).toEqual({ durable: true, arguments: { 'x-message-ttl': 300000, 'x-queue-type': 'quorum' } });
  });

  it('names reply queues response_queue_{message_id}, expiring after 10 minutes unused', () => {
    expect(replyQueueName('0b7e6b2c-4f7d-4f43-9d6e-2a1f0c3e5d71')).toBe('response_queue_0b7e6b2c-4f7d-4f43-9d6e-2a1f0c3e5d71');
    expect(REPLY_QUEUE_OPTIONS).toMatchObject({ durable: true, arguments: { 'x-expires': 600000 } });
  });

  it('ends an answer on the done flag, and, from a worker that sends neither seq nor done, on the ^*END*^ text', () => {
    expect(END_MARKER).toBe('^*END*^');
    // This project's worker: the flag decides; a user's literal marker is just a word.
    expect(isEndOfStream({ text: '^*END*^', seq: 4 })).toBe(false);
    expect(isEndOfStream({ text: '^*END*^', seq: 5, done: true })).toBe(true);
    expect(isEndOfStream({ text: 'anything', seq: 5, done: true })).toBe(true);
    // The original worker: no seq, no done; the marker text alone ends the answer.
    expect(isEndOfStream({ text: '^*END*^' })).toBe(true);
    expect(isEndOfStream({ text: 'word' })).toBe(false);
  });
});

describe('dead letters per deployment', () => {
  it("names each requests queue's dead-letter queue after it, out of the reach of the ^requests_queue policy", () => {
    expect(DEAD_REQUESTS_EXCHANGE).toBe('dead-requests');
    expect(deadRequestsQueue('requests_queue', 'classic')).toEqual({
      name: 'dead-requests.requests_queue',
      options: { durable: true, arguments: { 'x-expires': 600000 } },
    });
    expect(deadRequestsQueue('requests_queue.eu', 'quorum')).toEqual({
      name: 'dead-requests.requests_queue.eu.quorum',
      options: { durable: true, arguments: { 'x-expires': 600000, 'x-queue-type': 'quorum' } },
    });
  });
});
