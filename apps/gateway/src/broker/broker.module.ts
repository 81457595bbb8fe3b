import { Global, Module } from '@nestjs/common';
import { BrokerConnection } from './broker-connection';
import { RequestsPublisher } from './requests-publisher';

@Global()
@Module({
  providers: [BrokerConnection, RequestsPublisher],
  exports: [BrokerConnection, RequestsPublisher],
})
export class BrokerModule {}
