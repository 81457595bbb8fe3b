import { Injectable, ParseUUIDPipe } from '@nestjs/common';

/** The gateway makes and takes only its own ids, random UUIDs (version 4): any other is a 400. (Workers take any RFC 4122 version, for the original gateway's uuid1 ids.) */
@Injectable()
export class UuidV4Pipe extends ParseUUIDPipe {
  constructor() {
    super({ version: '4' });
  }
}
