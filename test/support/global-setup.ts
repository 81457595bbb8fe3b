import { execFileSync } from 'node:child_process';
import { brokerAnswers, LOCAL_BROKER_URL } from './broker-url';
import { TEST_MESSAGE_ID_SECRET } from './message-id-secret';

/**
 * Picks a real RabbitMQ for the whole run: RABBITMQ_URL when set, else one on localhost:5672, else a
 * throwaway container where Docker runs. Without any of them the run stops with a clear message.
 */
export default async function globalSetup(): Promise<void> {
  // Gateways started as real processes inherit it.
  process.env.MESSAGE_ID_SECRET ??= TEST_MESSAGE_ID_SECRET;
  const configured = process.env.RABBITMQ_URL;
  if (configured) {
    if (await brokerAnswers(configured)) return;
    throw new Error(`RABBITMQ_URL=${configured} does not answer`);
  }
  if (await brokerAnswers(LOCAL_BROKER_URL)) {
    process.env.RABBITMQ_URL = LOCAL_BROKER_URL;
    return;
  }
  if (dockerRuns()) {
    const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
    const container = await new RabbitMQContainer('rabbitmq:3.13-management').start();
    (globalThis as { __rabbitContainer?: unknown }).__rabbitContainer = container;
    process.env.RABBITMQ_URL = container.getAmqpUrl();
    return;
  }
  throw new Error(
    'No RabbitMQ for the tests: set RABBITMQ_URL, start one on localhost:5672 ' +
      '(`rabbitmq-server -detached` or `docker compose up -d rabbitmq`), or run Docker so testcontainers can start one.',
  );
}

function dockerRuns(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
