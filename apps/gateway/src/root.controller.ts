import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** The chat page lives at /static/ (served from STATIC_DIR); these addresses lead there. */
@ApiExcludeController()
@Controller()
export class RootController {
  @Get()
  @Redirect('/static/', 302)
  chatPage(): void {}

  @Get('static')
  @Redirect('/static/', 301)
  chatPageWithoutSlash(): void {}
}
