import { Body, Controller, Delete, Get, Head, HttpCode, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { JsonBodyGuard } from '../http/json-body.guard';
import { CrossSiteGuard } from '../security/cross-site.guard';
import { LimitedAsMessage, LimitedAsStreamRequest } from '../security/limited-as.decorators';
import { UiChatIdPipe } from './ui-chat-id.pipe';
import { UiChatRequestDto, UI_CHAT_ID_RULE } from './dto/ui-chat-request.dto';
import { UiChatService } from './ui-chat.service';

const CHAT_ID = { name: 'chatId', description: `The AI SDK chat's id (${UI_CHAT_ID_RULE})` };

/** Mounted at UI_CHAT_PATH (/api/chat by default), where the SDK's DefaultChatTransport posts. */
@ApiTags('ai-sdk')
@Controller()
@ApiTooManyRequestsResponse({ description: 'A per-client limit; see Retry-After' })
@ApiServiceUnavailableResponse({ description: 'The message broker is unreachable' })
export class UiChatController {
  constructor(private readonly chats: UiChatService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @LimitedAsMessage()
  @UseGuards(CrossSiteGuard, JsonBodyGuard)
  @ApiOperation({
    summary: "Send a message, as the Vercel AI SDK's useChat does; the answer as its UI message stream",
    description:
      'Takes the body of DefaultChatTransport (`id`, `messages` with `parts`, `trigger`); answers with `x-vercel-ai-ui-message-stream: v1` ' +
      'and the parts `start` (the message id), `text-start`, a `text-delta` per word, `text-end`, `finish`, then `data: [DONE]`; a ' +
      'failure is an `error` part. Only text parts are read.',
  })
  @ApiBody({ type: UiChatRequestDto })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The UI message stream' })
  @ApiBadRequestResponse({ description: "The chat id or a message is invalid, or the last message is not the user's" })
  async send(@Body() body: UiChatRequestDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.chats.send(body, request, response);
  }

  /** Says whether the chat has an answer to resume, and takes nothing over: HEAD is safe. */
  @Head(':chatId/stream')
  @LimitedAsStreamRequest()
  @ApiOperation({ summary: 'Whether the chat has an answer to resume (200) or not (204), without taking it over' })
  @ApiParam(CHAT_ID)
  async probe(@Param('chatId', UiChatIdPipe) chatId: string, @Res() response: Response): Promise<void> {
    const found = await this.chats.hasAnswer(chatId);
    response.status(found ? HttpStatus.OK : HttpStatus.NO_CONTENT).end();
  }

  @Get(':chatId/stream')
  @LimitedAsStreamRequest()
  @ApiOperation({
    summary: "Resume the chat's latest answer, as useChat({ resume: true }) does on mount",
    description:
      'The whole answer so far from `start` (the SDK puts it in place of the message it had), then the rest live; on any gateway, ' +
      'while the answer runs and for COMPLETED_RETENTION_MS after its end. It takes the answer over from any other stream of it.',
  })
  @ApiParam(CHAT_ID)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The UI message stream' })
  @ApiNoContentResponse({ description: 'The chat has no answer in progress or kept' })
  async resume(@Param('chatId', UiChatIdPipe) chatId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (!(await this.chats.resume(chatId, request, response))) response.status(HttpStatus.NO_CONTENT).end();
  }

  @Delete(':chatId/stream')
  @HttpCode(HttpStatus.NO_CONTENT)
  @LimitedAsStreamRequest()
  @UseGuards(CrossSiteGuard)
  @ApiOperation({
    summary: "Stop the chat's answer",
    description: 'The worker stops within a word and aborts its model request; streams of the answer end with `text-end` and `finish`.',
  })
  @ApiParam(CHAT_ID)
  @ApiNoContentResponse({ description: 'Stopped, or released when it had finished' })
  @ApiNotFoundResponse({ description: 'The chat has no answer in progress or kept' })
  async stop(@Param('chatId', UiChatIdPipe) chatId: string): Promise<void> {
    await this.chats.stop(chatId);
  }
}
