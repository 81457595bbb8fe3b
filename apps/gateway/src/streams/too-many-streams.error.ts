export class TooManyStreamsError extends Error {
  constructor(readonly limit: number) {
    super(`This client streams ${limit} answers already; close one first`);
    this.name = 'TooManyStreamsError';
  }
}
