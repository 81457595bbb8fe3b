import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { amqpConfig } from '@app/contracts';
import { BrokerModule } from './broker/broker.module';
import { ChatPageModule } from './chat-page/chat-page.module';
import { ChatsModule } from './chats/chats.module';
import { DeadRequestsModule } from './dead-requests/dead-requests.module';
import { gatewayConfig } from './config/gateway.config';
import { securityConfig } from './config/security.config';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { SecurityModule } from './security/security.module';
import { StreamsModule } from './streams/streams.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [amqpConfig, gatewayConfig, securityConfig] }),
    MetricsModule,
    SecurityModule,
    ChatPageModule,
    BrokerModule,
    ChatsModule,
    StreamsModule,
    HealthModule,
    DeadRequestsModule,
  ],
})
export class GatewayModule {}
