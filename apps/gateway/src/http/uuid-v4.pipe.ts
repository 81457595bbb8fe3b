import { Injectable, ParseUUIDPipe } from '@nestjs/common';

/** Ids are random UUIDs (version 4), here as in the worker (contracts' @IsUUID('4')): any other is a 400. */
@Injectable()
export class UuidV4Pipe extends ParseUUIDPipe {
  constructor() {
    super({ version: '4' });
  }
}
