import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { amqpConfig } from '@app/contracts';
import { BrokerModule } from './broker/broker.module';
import { ChatsModule } from './chats/chats.module';
import { DeadRequestsModule } from './dead-requests/dead-requests.module';
import { gatewayConfig } from './config/gateway.config';
import { HealthModule } from './health/health.module';
import { RootController } from './root.controller';
import { StreamsModule } from './streams/streams.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [amqpConfig, gatewayConfig] }),
    BrokerModule,
    ChatsModule,
    StreamsModule,
    HealthModule,
    DeadRequestsModule,
  ],
  controllers: [RootController],
})
export class GatewayModule {}
