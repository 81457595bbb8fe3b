import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { securityConfig, SecurityConfig } from '../config/security.config';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeys } from './api-keys';
import { ClientIdentity } from './client-identity';
import { CrossSiteGuard } from './cross-site.guard';
import { MessageIds } from './message-ids';
import { requestLimits } from './request-limits';

/** The limits and checks that keep one client from hurting others; see docs/security.md. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [securityConfig.KEY],
      useFactory: (config: SecurityConfig) => ({ throttlers: requestLimits(config) }),
    }),
  ],
  providers: [ClientIdentity, MessageIds, CrossSiteGuard, ApiKeys, ApiKeyGuard],
  exports: [ClientIdentity, MessageIds, CrossSiteGuard, ApiKeys, ApiKeyGuard],
})
export class SecurityModule {}
