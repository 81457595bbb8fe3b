import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PageLibraries, readPageLibraries } from './page-libraries';

const JAVASCRIPT = 'text/javascript; charset=utf-8';

/** The two files static/js/markdown.js imports; anything else under /static/vendor/ is a 404. */
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
}
