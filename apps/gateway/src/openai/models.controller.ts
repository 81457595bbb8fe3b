import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { ApiKeyGuard } from '../security/api-key.guard';
import { ModelListDto } from './dto/model-list.dto';

const OWNER = 'rabbitmq-word-streaming';

@ApiTags('openai')
@ApiBearerAuth()
@Controller('v1/models')
@UseGuards(ApiKeyGuard)
export class ModelsController {
  private readonly list: ModelListDto;

  constructor(@Inject(gatewayConfig.KEY) config: GatewayConfig) {
    const created = Math.floor(Date.now() / 1000);
    this.list = { object: 'list', data: config.models.map((id) => ({ id, object: 'model', created, owned_by: OWNER })) };
  }

  @Get()
  @ApiOperation({ summary: 'The models clients may ask for (MODELS)' })
  @ApiOkResponse({ type: ModelListDto })
  @ApiUnauthorizedResponse({ description: 'API_KEYS is set and the request bears none of them' })
  models(): ModelListDto {
    return this.list;
  }
}
