import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { ChatPageController } from './chat-page.controller';
import { PAGE_LIBRARIES } from './page-libraries';

/** The chat page (static/), the browser libraries it imports, and the limits it shows. */
@Module({
  imports: [
    ServeStaticModule.forRootAsync({
      inject: [gatewayConfig.KEY],
      useFactory: (config: GatewayConfig) => [
        // Before the page's own root, whose renderPath would answer for these paths too.
        ...PAGE_LIBRARIES.map(({ serveRoot, directory }) => ({ rootPath: directory(), serveRoot, serveStaticOptions: { index: false } })),
        // renderPath: only /static/ itself falls back to the page; a missing file is a 404, not the page.
        { rootPath: config.staticDir, serveRoot: '/static', renderPath: '/' },
      ],
    }),
  ],
  controllers: [ChatPageController],
})
export class ChatPageModule {}
