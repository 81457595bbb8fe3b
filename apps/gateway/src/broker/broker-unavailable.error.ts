/** The broker could not do what was asked: `operation` says what, `cause` (the standard one) why. */
export class BrokerUnavailableError extends Error {
  constructor(operation: string, cause?: unknown) {
    super(`The message broker is unavailable (${operation}${cause instanceof Error ? `: ${cause.message}` : ''})`, { cause });
    this.name = 'BrokerUnavailableError';
  }
}
