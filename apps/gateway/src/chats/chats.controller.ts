import { Body, Controller, HttpCode, HttpStatus, Param, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { BodyFormatGuard } from '../http/body-format.guard';
import { MULTIPART_LIMITS } from '../http/body-limits';
import { UuidV4Pipe } from '../http/uuid-v4.pipe';
import { ClientIdentity } from '../security/client-identity';
import { LimitedAsMessage } from '../security/limited-as.decorators';
import { CrossSiteGuard } from '../security/cross-site.guard';
import { ChatsService } from './chats.service';
import { ChatStartedDto } from './dto/chat-started.dto';
import { MessageAcceptedDto } from './dto/message-accepted.dto';
import { SendMessageDto } from './dto/send-message.dto';

@ApiTags('chats')
@Controller('start')
@UseGuards(CrossSiteGuard, BodyFormatGuard)
@ApiForbiddenResponse({ description: "Sent by another website's page (Origin, Sec-Fetch-Site) that ALLOWED_ORIGINS does not name" })
export class ChatsController {
  constructor(
    private readonly chats: ChatsService,
    private readonly identity: ClientIdentity,
  ) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start a chat' })
  @ApiOkResponse({ type: ChatStartedDto })
  startChat(): ChatStartedDto {
    return this.chats.startChat();
  }

  @Post(':chat_id')
  @HttpCode(HttpStatus.OK)
  @LimitedAsMessage()
  @ApiOperation({
    summary: 'Send a message',
    description: 'Queues the message for a worker; stream the answer from GET /stream/{chat_id}/{message_id}.',
  })
  @ApiParam({ name: 'chat_id', format: 'uuid' })
  @ApiConsumes('multipart/form-data', 'application/x-www-form-urlencoded', 'application/json')
  @UseInterceptors(NoFilesInterceptor({ limits: MULTIPART_LIMITS }))
  @ApiBody({ type: SendMessageDto })
  @ApiOkResponse({ type: MessageAcceptedDto })
  @ApiBadRequestResponse({ description: 'chat_id is not a UUID, or text is missing, blank or too long' })
  @ApiPayloadTooLargeResponse({ description: 'The request body is too large' })
  @ApiUnsupportedMediaTypeResponse({ description: 'The body is not JSON, url-encoded or multipart form data' })
  @ApiTooManyRequestsResponse({
    description: 'More than MESSAGE_BURST messages at once, or MESSAGE_RATE_PER_SECOND over time; see Retry-After',
  })
  @ApiServiceUnavailableResponse({ description: 'The message broker is unreachable; nothing was queued' })
  sendMessage(
    @Param('chat_id', UuidV4Pipe) chatId: string,
    @Body() message: SendMessageDto,
    @Req() request: Request,
  ): Promise<MessageAcceptedDto> {
    return this.chats.sendMessage(chatId, message, this.identity.workerKey(request));
  }
}
