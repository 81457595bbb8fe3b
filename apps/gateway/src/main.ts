import { Logger } from '@nestjs/common';
import { appLogger } from '@app/observability';
import { gatewayConfig, GatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './gateway.app';

async function bootstrap(): Promise<void> {
  const app = await createGatewayApp(process.env, appLogger(process.env));
  const { port } = app.get<GatewayConfig>(gatewayConfig.KEY);
  await app.listen(port);
  new Logger('Gateway').log(`Chat page: http://localhost:${port}/static/  API docs: http://localhost:${port}/api`);
}

void bootstrap();
