export class BrokerUnavailableError extends Error {
  constructor(
    readonly operation: string,
    readonly cause?: unknown,
  ) {
    super(`The message broker is unavailable (${operation}${cause instanceof Error ? `: ${cause.message}` : ''})`);
    this.name = 'BrokerUnavailableError';
  }
}
