import { ApiProperty } from '@nestjs/swagger';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status: 'ok' | 'unavailable';

  @ApiProperty({ description: "The gateway's own broker connection is open" })
  gatewayConnected: boolean;

  @ApiProperty({ description: 'A new client could connect to the broker just now' })
  brokerAcceptsClients: boolean;

  @ApiProperty({ description: 'Event streams open on this gateway' })
  openStreams: number;

  @ApiProperty({ description: 'Reply-queue consumers attached on this gateway' })
  replyConsumers: number;
}
