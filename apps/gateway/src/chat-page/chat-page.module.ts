import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { ChatPageController } from './chat-page.controller';
import { PageLibrariesController } from './page-libraries.controller';

/** The chat page (static/), the two library files it imports, and the limits it shows. */
@Module({
  imports: [
    ServeStaticModule.forRootAsync({
      inject: [gatewayConfig.KEY],
      useFactory: (config: GatewayConfig) => [
        {
          rootPath: config.staticDir,
          serveRoot: '/static',
          // express.static answers /static/ with index.html itself. The render route behind it runs only
          // when that file is missing, and would answer with the file system's error, path and all;
          // excluded, /static/ is then the ordinary 404.
          renderPath: '/',
          exclude: ['/static/'],
        },
      ],
    }),
  ],
  controllers: [ChatPageController, PageLibrariesController],
})
export class ChatPageModule {}
