import { LoggerService, LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { useContainer } from 'class-validator';
import { Environment } from '@app/config';
import { MaxHistoryLengthConstraint } from './chats/max-history-length.constraint';
import { MaxTextLengthConstraint } from './chats/max-text-length.constraint';
import { gatewayConfig, GatewayConfig } from './config/gateway.config';
import { securityConfig, SecurityConfig } from './config/security.config';
import { GatewayModule } from './gateway.module';
import { acceptJsonAndFormBodies } from './http/body-parsers';
import { DomainErrorsFilter } from './http/domain-errors.filter';
import { ExpressHttpAdapter } from './http/express-http.adapter';
import { HttpErrorsFilter } from './http/http-errors.filter';
import { allowedHostsOnly } from './security/allowed-hosts';
import { singleHeadersOnly } from './http/single-headers';
import { securityHeaders } from './security/security-headers';

/** The gateway, configured from `env` (process.env when run), not yet listening. */
export async function createGatewayApp(env: Environment, logger?: LoggerService | LogLevel[]): Promise<NestExpressApplication> {
  const adapter = new ExpressHttpAdapter(securityConfig.read(env).requestTimeoutMs);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.configuredBy(env), adapter, { logger, bodyParser: false });
  // Says nothing useful to clients, and costs a header on every response.
  app.disable('x-powered-by');
  const security = app.get<SecurityConfig>(securityConfig.KEY);
  app.set('trust proxy', security.trustProxy);
  app.use(singleHeadersOnly());
  app.use(allowedHostsOnly(security.allowedHosts));
  app.use(securityHeaders());
  acceptJsonAndFormBodies(app);
  useContainer(injectedConstraints(app), { fallback: true });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  // Nest tries the filters registered last first: HttpErrorsFilter catches everything the others leave.
  app.useGlobalFilters(new HttpErrorsFilter(app.getHttpAdapter()), new DomainErrorsFilter());
  app.enableShutdownHooks();
  if (app.get<GatewayConfig>(gatewayConfig.KEY).apiDocs) setUpApiDocs(app);
  return app;
}

/**
 * Lets class-validator use the length constraints as Nest built them, with the injected configuration.
 * class-validator asks its container for every constraint of every field, built-in ones included, and
 * Nest's container throws for classes it does not provide: an exception per field per request.
 */
function injectedConstraints(app: NestExpressApplication): { get<T>(type: new (...args: unknown[]) => T): T | undefined } {
  const instances = new Map<unknown, unknown>(
    [MaxTextLengthConstraint, MaxHistoryLengthConstraint].map((constraint) => [constraint, app.get(constraint)]),
  );
  return { get: <T>(type: unknown) => instances.get(type) as T | undefined };
}

function setUpApiDocs(app: NestExpressApplication): void {
  const document = new DocumentBuilder()
    .setTitle('Word streaming gateway')
    .setDescription('Start chats, send messages and stream the answers word by word as Server-Sent Events.')
    .setVersion('1.0')
    .build();
  SwaggerModule.setup('api', app, () => SwaggerModule.createDocument(app, document), { jsonDocumentUrl: 'api-json' });
}
