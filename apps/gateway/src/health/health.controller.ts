import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { BrokerConnection } from '../broker/broker-connection';
import { StreamsService } from '../streams/streams.service';
import { BrokerProbe } from './broker-probe';
import { HealthDto } from './health.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly connection: BrokerConnection,
    private readonly probe: BrokerProbe,
    private readonly streams: StreamsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "Whether the gateway's broker connection is up and the broker accepts clients" })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    const gatewayConnected = this.connection.isConnected;
    const brokerAcceptsClients = await this.probe.acceptsClients();
    const healthy = gatewayConnected && brokerAcceptsClients;
    response.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: healthy ? 'ok' : 'unavailable', gatewayConnected, brokerAcceptsClients, ...this.streams.load };
  }
}
