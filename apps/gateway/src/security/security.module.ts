import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { securityConfig, SecurityConfig } from '../config/security.config';
import { ClientIdentity } from './client-identity';
import { CrossSiteGuard } from './cross-site.guard';
import { MessageIds } from './message-ids';

/** The limits and checks that keep one client from hurting others; see the README's Security section. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [securityConfig.KEY],
      // A window of MESSAGE_BURST messages that lasts as long as MESSAGE_RATE_PER_SECOND takes to fill it.
      useFactory: ({ messageBurst, messageRatePerSecond }: SecurityConfig) => ({
        throttlers: [{ limit: messageBurst, ttl: Math.ceil((messageBurst / messageRatePerSecond) * 1000) }],
        errorMessage: `Too many messages: at most ${messageRatePerSecond} a second, ${messageBurst} at once; try again after Retry-After seconds`,
      }),
    }),
  ],
  providers: [ClientIdentity, MessageIds, CrossSiteGuard],
  exports: [ClientIdentity, MessageIds, CrossSiteGuard],
})
export class SecurityModule {}
