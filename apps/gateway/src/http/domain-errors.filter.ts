import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Type } from '@nestjs/common';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';
import { ReplyQueueNotFoundError } from '../reply-queues/reply-queue-not-found.error';
import { AnswerInUseError } from '../streams/answer-in-use.error';
import { TooManyStreamsError } from '../streams/too-many-streams.error';
import { sendErrorResponse } from './error-response';

/** The HTTP status of each named error. A broker outage is the service's problem, not the caller's. */
const STATUS_OF = new Map<Type<Error>, HttpStatus>([
  [ReplyQueueNotFoundError, HttpStatus.NOT_FOUND],
  [AnswerInUseError, HttpStatus.CONFLICT],
  [TooManyStreamsError, HttpStatus.TOO_MANY_REQUESTS],
  [BrokerUnavailableError, HttpStatus.SERVICE_UNAVAILABLE],
]);

/** OpenAI's `code` for those errors, for clients of /v1. */
const CODE_OF = new Map<HttpStatus, string>([
  [HttpStatus.NOT_FOUND, 'not_found'],
  [HttpStatus.CONFLICT, 'in_use'],
]);

/** Answers the services' named errors with their status and message, so that controllers let them through. */
@Catch(...STATUS_OF.keys())
export class DomainErrorsFilter implements ExceptionFilter<Error> {
  catch(error: Error, host: ArgumentsHost): void {
    const [, status] = [...STATUS_OF].find(([type]) => error instanceof type)!;
    sendErrorResponse(host, { statusCode: status, message: error.message, code: CODE_OF.get(status) });
  }
}
