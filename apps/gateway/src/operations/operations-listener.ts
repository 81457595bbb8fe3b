import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AddressInfo } from 'node:net';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { OperationsEndpointsModule } from './operations-endpoints.module';

/**
 * /metrics and /health/ready on METRICS_PORT, a second HTTP listener for Prometheus and orchestrators,
 * as Centrifugo's internal_port: the public port serves neither. It checks no Host (scrapers name a
 * gateway by its address) and starts and stops with the gateway.
 */
@Injectable()
export class OperationsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private app?: NestExpressApplication;

  constructor(
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
    private readonly gateway: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === undefined) return;
    // abortOnError off: a port already taken fails the gateway's start instead of aborting the process.
    const app = await NestFactory.create<NestExpressApplication>(OperationsEndpointsModule.sharing(this.gateway), {
      bodyParser: false,
      abortOnError: false,
      forceCloseConnections: true,
    });
    app.disable('x-powered-by');
    this.app = app;
    await app.listen(this.config.metricsPort);
  }

  /** The port it listens on (METRICS_PORT=0 takes a free one); undefined when METRICS_PORT is unset. */
  get port(): number | undefined {
    return (this.app?.getHttpServer().address() as AddressInfo | null | undefined)?.port;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.app?.close();
  }
}
