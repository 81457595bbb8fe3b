import { Controller, Get, Inject, Redirect } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MAX_CHAT_TITLE_LENGTH } from '../chats/chat-title';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { PageLimitsDto } from './page-limits.dto';

/** The chat page lives at /static/ (ServeStaticModule, from STATIC_DIR, which also sends /static there). */
@ApiTags('page')
@Controller()
export class ChatPageController {
  constructor(@Inject(gatewayConfig.KEY) private readonly config: GatewayConfig) {}

  @Get()
  @ApiExcludeEndpoint()
  @Redirect('/static/', 302)
  chatPage(): void {}

  /** So that a page can show the limits before the server refuses a message. */
  @Get('config')
  @ApiOperation({ summary: 'The limits a client should know before it sends a message' })
  @ApiOkResponse({ type: PageLimitsDto })
  limits(): PageLimitsDto {
    return {
      max_text_length: this.config.maxTextLength,
      max_history_length: this.config.maxHistoryLength,
      max_chat_title_length: MAX_CHAT_TITLE_LENGTH,
    };
  }
}
