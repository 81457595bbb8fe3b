import { Module } from '@nestjs/common';
import { DeadRequestsConsumer } from './dead-requests.consumer';

@Module({ providers: [DeadRequestsConsumer] })
export class DeadRequestsModule {}
