import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { Response } from 'express';
import { BrokerUnavailableError } from './broker-unavailable.error';

/** A broker outage is the service's problem, not the caller's: 503 with the same JSON shape as every other error. */
@Catch(BrokerUnavailableError)
export class BrokerErrorsFilter implements ExceptionFilter<BrokerUnavailableError> {
  catch(error: BrokerUnavailableError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return void response.end();
    response.status(HttpStatus.SERVICE_UNAVAILABLE).json({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      message: error.message,
      error: 'Service Unavailable',
    });
  }
}
