import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { amqpConfig } from '@app/amqp';
import { Environment } from '@app/config';
import { BrokerModule } from './broker/broker.module';
import { ChatPageModule } from './chat-page/chat-page.module';
import { ChatsModule } from './chats/chats.module';
import { DeadRequestsModule } from './dead-requests/dead-requests.module';
import { gatewayConfig } from './config/gateway.config';
import { securityConfig } from './config/security.config';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { OpenAiModule } from './openai/openai.module';
import { OperationsModule } from './operations/operations.module';
import { SecurityModule } from './security/security.module';
import { StreamsModule } from './streams/streams.module';
import { UiChatModule } from './ui-chat/ui-chat.module';

@Module({
  imports: [
    MetricsModule,
    SecurityModule,
    ChatPageModule,
    BrokerModule,
    ChatsModule,
    StreamsModule,
    OpenAiModule,
    HealthModule,
    DeadRequestsModule,
    OperationsModule,
  ],
})
export class GatewayModule {
  /** The gateway configured from `env`: process.env when run, an object of their own in tests. */
  static configuredBy(env: Environment): DynamicModule {
    const load = [amqpConfig, gatewayConfig, securityConfig].map((config) => config.loadFrom(env));
    // Routes are fixed before the app starts: the AI SDK's path is read here, not injected.
    const uiChat = UiChatModule.at(gatewayConfig.read(env).uiChatPath);
    return { module: GatewayModule, imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load }), uiChat] };
  }
}
