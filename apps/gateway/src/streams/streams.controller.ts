import { BadRequestException, Controller, Delete, Get, Head, HttpCode, HttpStatus, Param, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { headerValues } from '../http/header-values';
import { UuidV4Pipe } from '../http/uuid-v4.pipe';
import { ReplyQueueNotFoundError } from '../reply-queues/reply-queue-not-found.error';
import { ClientIdentity } from '../security/client-identity';
import { CrossSiteGuard } from '../security/cross-site.guard';
import { LimitedAsStreamRequest } from '../security/limited-as.decorators';
import { MessageIds } from '../security/message-ids';
import { resumePoint } from './last-event-id';
import { StreamsService } from './streams.service';
import { STREAM_ERROR_CODES } from './sse/stream-error';

const STREAM_ERRORS_IN_BRIEF = Object.entries(STREAM_ERROR_CODES)
  .map(([code, when]) => `\`${code}\`: ${when}`)
  .join('; ');

@ApiTags('streams')
@Controller('stream')
export class StreamsController {
  constructor(
    private readonly streams: StreamsService,
    private readonly messageIds: MessageIds,
    private readonly identity: ClientIdentity,
  ) {}

  /**
   * Link previewers, proxies and scanners send HEAD: it says whether the stream is there, and touches
   * nothing. Declared before GET, whose Express route would otherwise take HEAD requests too.
   */
  @Head(':chat_id/:message_id')
  @LimitedAsStreamRequest()
  @ApiTooManyRequestsResponse({
    description: 'More than STREAM_REQUEST_BURST stream requests at once, or STREAM_REQUESTS_PER_SECOND over time',
  })
  @ApiOperation({ summary: 'Whether the answer can be streamed, without streaming or taking it over' })
  @ApiParam({ name: 'chat_id', format: 'uuid' })
  @ApiParam({ name: 'message_id', format: 'uuid' })
  async probe(
    @Param('chat_id', UuidV4Pipe) chatId: string,
    @Param('message_id', UuidV4Pipe) messageId: string,
    @Res() response: Response,
  ): Promise<void> {
    this.assertInChat(messageId, chatId);
    await this.streams.assertStreamable(messageId);
    response.status(HttpStatus.OK).type('text/event-stream').setHeader('Cache-Control', 'no-cache, no-transform');
    response.end();
  }

  @Get(':chat_id/:message_id')
  @LimitedAsStreamRequest()
  @ApiOperation({
    summary: "Stream a message's answer word by word as Server-Sent Events",
    description:
      'Each word is an event `id: <seq>` / `data: {"chat_id","chat_title","message_id","text","sep","seq"}`, where `sep` ' +
      '(absent for workers of the original protocol) is the white space that follows the word in the generated text. ' +
      'The answer ends with a data event whose text is `^*END*^` and `"done": true`, then `event: end` / `data: Stream ended`. ' +
      'One stream relays an answer at a time: a new request for it (a resume, with or without Last-Event-ID, on any gateway) ' +
      'takes it over, and the older stream ends with `event: error`. A finished answer can be read again until it is released ' +
      '(DELETE) or its retention ends. Every `event: error` has the data `{"code","message"}`: a client acts on `code` and ' +
      `may show \`message\`, which is for people. The codes: ${STREAM_ERRORS_IN_BRIEF}.`,
  })
  @ApiParam({ name: 'chat_id', format: 'uuid' })
  @ApiParam({ name: 'message_id', format: 'uuid' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this word seq (sent by EventSource when it reconnects)' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'Same as Last-Event-ID, for clients that cannot set headers' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'Unknown message, or one that was stopped, released or expired' })
  @ApiTooManyRequestsResponse({
    description:
      'This client streams MAX_STREAMS_PER_CLIENT answers already (never for one it streams), or sent more than ' +
      'STREAM_REQUEST_BURST stream requests at once or STREAM_REQUESTS_PER_SECOND over time; see Retry-After',
  })
  @ApiConflictResponse({ description: 'With REPLY_QUEUES=original: the answer is being streamed already (no takeover)' })
  @ApiServiceUnavailableResponse({ description: 'The message broker is unreachable' })
  async stream(
    @Param('chat_id', UuidV4Pipe) chatId: string,
    @Param('message_id', UuidV4Pipe) messageId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const resume = resumePoint(headerValues(request, 'last-event-id'), request.query.lastEventId);
    if ('problem' in resume) throw new BadRequestException(resume.problem);
    this.assertInChat(messageId, chatId);
    const target = { chatId, messageId, resumeAfter: resume.after };
    await this.streams.open(target, response, this.identity.clientKey(request));
  }

  @Delete(':chat_id/:message_id')
  @LimitedAsStreamRequest()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Stop an answer, or release a finished one',
    description:
      'Mid-answer, the worker stops generating within a word and open streams of the message end. Once the answer has ended, ' +
      'this tells the gateway the client has it all, so it need not be kept for a resume. Either way the reply queue is deleted.',
  })
  @ApiParam({ name: 'chat_id', format: 'uuid' })
  @ApiParam({ name: 'message_id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Stopped or released' })
  @ApiTooManyRequestsResponse({
    description: 'More than STREAM_REQUEST_BURST stream requests at once, or STREAM_REQUESTS_PER_SECOND over time',
  })
  @ApiNotFoundResponse({ description: 'Unknown message, or one that was stopped, released or expired' })
  @ApiServiceUnavailableResponse({ description: 'The message broker is unreachable' })
  @UseGuards(CrossSiteGuard)
  async delete(@Param('chat_id', UuidV4Pipe) chatId: string, @Param('message_id', UuidV4Pipe) messageId: string): Promise<void> {
    this.assertInChat(messageId, chatId);
    await this.streams.delete(messageId);
  }

  /** A message id names its chat (MessageIds): one that names another is unknown here. */
  private assertInChat(messageId: string, chatId: string): void {
    if (!this.messageIds.belongsTo(messageId, chatId)) throw new ReplyQueueNotFoundError(messageId);
  }
}
