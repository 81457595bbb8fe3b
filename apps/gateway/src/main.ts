import { Logger } from '@nestjs/common';
import { gatewayConfig, GatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './gateway.app';

async function bootstrap(): Promise<void> {
  const app = await createGatewayApp();
  const { port } = app.get<GatewayConfig>(gatewayConfig.KEY);
  // Every interface, as a server in a container must; Fastify alone would listen on localhost only.
  await app.listen(port, '0.0.0.0');
  new Logger('Gateway').log(`Chat page: http://localhost:${port}/static/  API docs: http://localhost:${port}/api`);
}

void bootstrap();
