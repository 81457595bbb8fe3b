import { Logger } from '@nestjs/common';
import { appLogger } from '@app/observability';
import { gatewayConfig, GatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './gateway.app';
import { runGatewayProcesses, startsGatewayProcesses } from './gateway-processes';
import { OperationsListener } from './operations/operations-listener';

async function bootstrap(): Promise<void> {
  const app = await createGatewayApp(process.env, appLogger(process.env));
  const { port, apiDocs } = app.get<GatewayConfig>(gatewayConfig.KEY);
  await app.listen(port);
  const metricsPort = app.get(OperationsListener).port;
  const docs = apiDocs ? `  API docs: http://localhost:${port}/api` : '';
  const internal = metricsPort === undefined ? '' : `  Metrics: http://localhost:${metricsPort}/metrics`;
  new Logger('Gateway').log(`Chat page: http://localhost:${port}/static/${docs}${internal}`);
}

// Read before anything else starts: the processes' own settings are validated when each starts.
const { gatewayProcesses, metricsPort } = gatewayConfig.read(process.env);
if (startsGatewayProcesses(gatewayProcesses)) {
  const logger = appLogger(process.env);
  if (logger) Logger.overrideLogger(logger);
  runGatewayProcesses({ processes: gatewayProcesses, metricsPort });
} else {
  void bootstrap();
}
