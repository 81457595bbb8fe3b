import { AppProcess, startGatewayProcess } from './app-process';
import { BrokerInspector } from './broker-inspector';
import { ChatClient } from './chat-client';

/**
 * The gateways and workers a test file runs as real processes on one requests queue, killed
 * together. A worker counts as started once the broker sees it consume (and a killed one no longer).
 */
export class AppFleet {
  readonly processes: AppProcess[] = [];

  constructor(
    private readonly env: Record<string, string> & { REQUESTS_QUEUE: string },
    private readonly broker: BrokerInspector,
  ) {}

  async startGateway(): Promise<ChatClient> {
    const { gateway, baseUrl } = await startGatewayProcess(this.env);
    this.processes.push(gateway);
    return new ChatClient(baseUrl);
  }

  async startWorker(): Promise<AppProcess> {
    await this.broker.waitForConsumers(this.env.REQUESTS_QUEUE, this.runningWorkers());
    const worker = AppProcess.start('word-producer', this.env);
    this.processes.push(worker);
    await this.broker.waitForConsumers(this.env.REQUESTS_QUEUE, this.runningWorkers());
    return worker;
  }

  async killAll(): Promise<void> {
    await Promise.all(this.processes.splice(0).map((app) => app.stop('SIGKILL')));
  }

  private runningWorkers(): number {
    return this.processes.filter((app) => app.app === 'word-producer' && app.running).length;
  }
}
