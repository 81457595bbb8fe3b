import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** The chat page lives at /static/ (ServeStaticModule, from STATIC_DIR, which also sends /static there). */
@ApiExcludeController()
@Controller()
export class RootController {
  @Get()
  @Redirect('/static/', 302)
  chatPage(): void {}
}
