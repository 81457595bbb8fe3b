import { ArgumentsHost } from '@nestjs/common';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';
import { ReplyQueueNotFoundError } from '../reply-queues/reply-queue-not-found.error';
import { AnswerInUseError } from '../streams/answer-in-use.error';
import { TooManyStreamsError } from '../streams/too-many-streams.error';
import { DomainErrorsFilter } from './domain-errors.filter';

/** The status and JSON body the filter answers `error` with. */
function answerTo(error: Error, headersSent = false): { status?: number; body?: unknown; ended: boolean } {
  const answer: { status?: number; body?: unknown; ended: boolean } = { ended: false };
  const response = {
    headersSent,
    status: (status: number) => ((answer.status = status), response),
    json: (body: unknown) => void (answer.body = body),
    end: () => void (answer.ended = true),
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ path: '/stream/c/m' }) }),
  } as unknown as ArgumentsHost;
  new DomainErrorsFilter().catch(error, host);
  return answer;
}

describe('DomainErrorsFilter', () => {
  it.each([
    [new ReplyQueueNotFoundError('m1'), 404, 'Not Found'],
    [new AnswerInUseError('m1'), 409, 'Conflict'],
    [new TooManyStreamsError(3), 429, 'Too Many Requests'],
    [new BrokerUnavailableError('publishing a request'), 503, 'Service Unavailable'],
  ])('answers %s with its status and message', (error, statusCode, name) => {
    expect(answerTo(error)).toEqual({ status: statusCode, body: { statusCode, message: error.message, error: name }, ended: false });
  });

  it('ends a response that is under way instead of answering again', () => {
    expect(answerTo(new BrokerUnavailableError('publishing a transcript'), true)).toEqual({ ended: true });
  });
});
