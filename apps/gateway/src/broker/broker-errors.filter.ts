import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { BrokerUnavailableError } from './broker-unavailable.error';

/** A broker outage is the service's problem, not the caller's: 503 with the same JSON shape as every other error. */
@Catch(BrokerUnavailableError)
export class BrokerErrorsFilter implements ExceptionFilter<BrokerUnavailableError> {
  catch(error: BrokerUnavailableError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.raw.headersSent) {
      reply.raw.end();
      return;
    }
    reply.code(HttpStatus.SERVICE_UNAVAILABLE).send({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      message: error.message,
      error: 'Service Unavailable',
    });
  }
}
