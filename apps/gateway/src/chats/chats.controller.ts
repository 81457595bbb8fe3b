import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { BodyFormatGuard } from '../http/body-format.guard';
import { MULTIPART_LIMITS } from '../http/body-limits';
import { ChatsService } from './chats.service';
import { ChatStartedDto } from './dto/chat-started.dto';
import { MessageAcceptedDto } from './dto/message-accepted.dto';
import { SendMessageDto } from './dto/send-message.dto';

@ApiTags('chats')
@Controller('start')
@UseGuards(BodyFormatGuard)
export class ChatsController {
  constructor(private readonly chats: ChatsService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start a chat' })
  @ApiOkResponse({ type: ChatStartedDto })
  startChat(): ChatStartedDto {
    return this.chats.startChat();
  }

  @Post(':chat_id')
  @HttpCode(HttpStatus.OK)
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
  @ApiServiceUnavailableResponse({ description: 'The message broker is unreachable; nothing was queued' })
  sendMessage(@Param('chat_id', ParseUUIDPipe) chatId: string, @Body() message: SendMessageDto): Promise<MessageAcceptedDto> {
    return this.chats.sendMessage(chatId, message);
  }
}
