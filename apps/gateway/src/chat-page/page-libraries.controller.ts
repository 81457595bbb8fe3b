import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { PageLibraries, readPageLibraries } from './page-libraries';

const JAVASCRIPT = 'text/javascript; charset=utf-8';

/** The files the chat page imports (static/js/markdown.js, highlighter.js); anything else under /static/vendor/ is a 404. */
@ApiExcludeController()
@Controller('static/vendor')
export class PageLibrariesController {
  private readonly libraries: PageLibraries = readPageLibraries();

  @Get('marked/marked.esm.js')
  @Header('Content-Type', JAVASCRIPT)
  marked(): string {
    return this.libraries.marked;
  }

  @Get('dompurify/purify.min.js')
  @Header('Content-Type', JAVASCRIPT)
  dompurify(): string {
    return this.libraries.dompurify;
  }

  @Get('highlight/core.js')
  @Header('Content-Type', JAVASCRIPT)
  highlightCore(): string {
    return this.libraries.highlightCore;
  }

  /** The type is set only for a grammar that exists: a 404's JSON body must not go out as JavaScript. */
  @Get('highlight/languages/:file')
  highlightLanguage(@Param('file') file: string, @Res({ passthrough: true }) response: Response): string {
    const grammar = file.endsWith('.js') ? this.libraries.highlightLanguages.get(file.slice(0, -'.js'.length)) : undefined;
    if (grammar === undefined) throw new NotFoundException();
    response.setHeader('Content-Type', JAVASCRIPT);
    return grammar;
  }
}
