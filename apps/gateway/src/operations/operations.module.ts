import { Module } from '@nestjs/common';
import { OperationsListener } from './operations-listener';

/** The internal listener on METRICS_PORT, for Prometheus and orchestrators; see OperationsListener. */
@Module({
  providers: [OperationsListener],
})
export class OperationsModule {}
