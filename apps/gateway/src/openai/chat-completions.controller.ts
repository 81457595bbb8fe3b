import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Head,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyGuard } from '../security/api-key.guard';
import { CrossSiteGuard } from '../security/cross-site.guard';
import { LimitedAsMessage, LimitedAsStreamRequest } from '../security/limited-as.decorators';
import { resumePoint } from '../streams/last-event-id';
import { CompletionsService } from './completions.service';
import { ChatCompletionRequestDto } from './dto/chat-completion-request.dto';
import { CompletionCancelledDto } from './dto/completion-cancelled.dto';
import { JsonBodyGuard } from '../http/json-body.guard';
import { headerValues } from '../http/header-values';

const COMPLETION_ID = { name: 'id', description: 'The completion id, `chatcmpl-…`, from its chunks or body' };

@ApiTags('openai')
@ApiBearerAuth()
@Controller('v1/chat/completions')
@UseGuards(ApiKeyGuard)
@ApiUnauthorizedResponse({ description: 'API_KEYS is set and the request bears none of them (`Authorization: Bearer <key>`)' })
@ApiTooManyRequestsResponse({ description: 'A per-client limit (per API key with API_KEYS); see Retry-After' })
@ApiServiceUnavailableResponse({ description: 'The message broker is unreachable; nothing was queued' })
export class ChatCompletionsController {
  constructor(private readonly completions: CompletionsService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @LimitedAsMessage()
  @UseGuards(CrossSiteGuard, JsonBodyGuard)
  @ApiOperation({
    summary: 'Create a chat completion (OpenAI-compatible)',
    description:
      'Queues the conversation for a worker. With `stream: true` the answer comes as Chat Completions chunks (`data: {…"object":' +
      '"chat.completion.chunk"…}`), the role in the first, a finish chunk (`finish_reason` `stop`, or `length` at max_tokens or ' +
      'MAX_ANSWER_WORDS), a usage chunk when `stream_options.include_usage` is set and the worker counted tokens, then `data: ' +
      '[DONE]`. Every content chunk has an SSE `id:` to resume after (GET …/{id}/stream). A failure mid-stream is a chunk ' +
      '`{"error": {message, type, param, code}}`. Without `stream`, one `chat.completion` object. A client that disconnects ' +
      'and does not resume within RESUME_WINDOW_MS stops the completion. Unknown fields are ignored.',
  })
  @ApiBody({ type: ChatCompletionRequestDto })
  @ApiProduces('text/event-stream', 'application/json')
  @ApiOkResponse({ description: 'The chunks (stream: true) or the chat.completion object' })
  @ApiBadRequestResponse({ description: 'A field is invalid: other roles, content parts, an empty or too long conversation' })
  @ApiNotFoundResponse({ description: 'The model is not one of MODELS (`code: "model_not_found"`)' })
  async create(@Body() body: ChatCompletionRequestDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.completions.create(body, request, response);
  }

  /** As for the page's streams: HEAD says whether the completion can be streamed, and takes nothing over. */
  @Head(':id/stream')
  @LimitedAsStreamRequest()
  @ApiOperation({ summary: 'Whether the completion can be streamed, without streaming or taking it over' })
  @ApiParam(COMPLETION_ID)
  async probe(@Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.completions.assertStreamable(id, request);
    response.status(HttpStatus.OK).type('text/event-stream').setHeader('Cache-Control', 'no-cache, no-transform');
    response.end();
  }

  @Get(':id/stream')
  @LimitedAsStreamRequest()
  @ApiOperation({
    summary: "Resume a completion's stream",
    description:
      'The chunks after `Last-Event-ID` (or `?after=`), on any gateway, while the completion runs and for COMPLETED_RETENTION_MS ' +
      'after its end; a newer stream of it takes it over (the older ends with an error chunk, code `moved`). Without either, the ' +
      'whole completion from its first chunk.',
  })
  @ApiParam(COMPLETION_ID)
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this chunk id' })
  @ApiQuery({ name: 'after', required: false, description: 'Same as Last-Event-ID' })
  @ApiQuery({ name: 'include_usage', required: false, description: '`true`: add the usage chunk, as stream_options.include_usage' })
  @ApiProduces('text/event-stream')
  @ApiNotFoundResponse({ description: 'Unknown completion, or one that was cancelled, released or expired' })
  async resume(
    @Param('id') id: string,
    @Query('include_usage') includeUsage: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const resume = resumePoint(headerValues(request, 'last-event-id'), request.query.after, 'after');
    if ('problem' in resume) throw new BadRequestException(resume.problem);
    await this.completions.resume(id, resume.after, includeUsage === 'true', request, response);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @LimitedAsStreamRequest()
  @UseGuards(CrossSiteGuard)
  @ApiOperation({
    summary: 'Stop a completion',
    description:
      'The worker stops within a word and aborts its upstream request; open streams of the completion end with `finish_reason` ' +
      '`stop` and `[DONE]`. After its end, this releases a finished completion kept for a resume.',
  })
  @ApiParam(COMPLETION_ID)
  @ApiOkResponse({ type: CompletionCancelledDto })
  @ApiNotFoundResponse({ description: 'Unknown completion, or one that was cancelled, released or expired' })
  async cancel(@Param('id') id: string, @Req() request: Request): Promise<CompletionCancelledDto> {
    await this.completions.cancel(id, request);
    return { id, object: 'chat.completion.cancelled', cancelled: true };
  }
}
