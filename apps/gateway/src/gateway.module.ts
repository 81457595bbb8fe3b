import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ServeStaticModule } from '@nestjs/serve-static';
import { amqpConfig } from '@app/contracts';
import { BrokerModule } from './broker/broker.module';
import { ChatsModule } from './chats/chats.module';
import { DeadRequestsModule } from './dead-requests/dead-requests.module';
import { gatewayConfig, GatewayConfig } from './config/gateway.config';
import { securityConfig } from './config/security.config';
import { HealthModule } from './health/health.module';
import { RootController } from './root.controller';
import { SecurityModule } from './security/security.module';
import { StreamsModule } from './streams/streams.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [amqpConfig, gatewayConfig, securityConfig] }),
    SecurityModule,
    ServeStaticModule.forRootAsync({
      inject: [gatewayConfig.KEY],
      // renderPath: only /static/ itself falls back to the page; a missing file is a 404, not the page.
      useFactory: (config: GatewayConfig) => [{ rootPath: config.staticDir, serveRoot: '/static', renderPath: '/' }],
    }),
    BrokerModule,
    ChatsModule,
    StreamsModule,
    HealthModule,
    DeadRequestsModule,
  ],
  controllers: [RootController],
})
export class GatewayModule {}
