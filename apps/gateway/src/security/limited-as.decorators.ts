import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { CountingThrottlerGuard } from './counting-throttler.guard';
import { LIMIT_KIND, MESSAGES, STREAM_REQUESTS } from './request-limits';

/** POST of a message: MESSAGE_BURST, then MESSAGE_RATE_PER_SECOND. */
export const LimitedAsMessage = () =>
  applyDecorators(SetMetadata(LIMIT_KIND, 'message'), UseGuards(CountingThrottlerGuard), SkipThrottle({ [STREAM_REQUESTS]: true }));

/** GET, HEAD and DELETE of a stream: STREAM_REQUEST_BURST, then STREAM_REQUESTS_PER_SECOND. */
export const LimitedAsStreamRequest = () =>
  applyDecorators(SetMetadata(LIMIT_KIND, 'streamRequest'), UseGuards(CountingThrottlerGuard), SkipThrottle({ [MESSAGES]: true }));
