import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { amqpConfig } from '@app/amqp';
import { appLogger } from '@app/observability';
import { gatewayConfig } from '../src/config/gateway.config';
import { securityConfig } from '../src/config/security.config';
import { wordProducerConfig } from '../../word-producer/src/config/word-producer.config';
import { NGINX, nginxUsable } from '../../../test/support/nginx-proxy';

const ROOT = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

/**
 * No Docker engine runs here, so the image and the compose stack are not started by the tests. What can
 * be checked is: the compose file's settings are ones the apps accept, its nginx runs the very proxy
 * configuration the proxy test runs, and the image's entrypoint starts the bundles the tests start.
 */
describe('docker-compose.yml and the Dockerfile', () => {
  // merge: the file shares settings between services with YAML merge keys (<<), as docker compose reads them.
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
  const { services } = compose;
  /** The compose environment with ${VARIABLES} taken from .env.example. */
  const example = Object.fromEntries(
    read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const resolve = (environment: Record<string, string> = {}) =>
    Object.fromEntries(
      Object.entries(environment).map(([name, value]) => [
        name,
        String(value).replace(/\$\{([A-Z_]+)(:[?-][^}]*)?\}/g, (_, variable: string) => example[variable]),
      ]),
    );

  it('runs a 3-node broker cluster, 2 gateways, 2 workers and nginx, every port on this machine only, each with a health check', () => {
    expect(Object.keys(services).sort()).toEqual([
      'gateway',
      'nginx',
      'rabbitmq-1',
      'rabbitmq-2',
      'rabbitmq-3',
      'rabbitmq-policy',
      'word-producer',
    ]);
    expect((services.gateway as { deploy?: { replicas: number } }).deploy?.replicas).toBe(2);
    expect((services['word-producer'] as { deploy?: { replicas: number } }).deploy?.replicas).toBe(2);
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) expect(`${name} ${port}`).toMatch(/ 127\.0\.0\.1:/);
      if (name !== 'rabbitmq-policy') expect(service.healthcheck?.test.length).toBeGreaterThan(0);
    }
    for (const app of ['gateway', 'word-producer'])
      expect(Object.keys(services[app].depends_on ?? {}).sort()).toEqual(['rabbitmq-1', 'rabbitmq-2', 'rabbitmq-3']);
  });

  it("gives each app settings it accepts: the gateway's and the worker's own configuration validates them", () => {
    const gatewayEnv = resolve(services.gateway.environment);
    const workerEnv = resolve(services['word-producer'].environment);
    expect(amqpConfig.read(gatewayEnv).urls).toHaveLength(3);
    expect(amqpConfig.read(gatewayEnv).requestsQueueType).toBe('quorum');
    expect(gatewayConfig.read(gatewayEnv).port).toBe(8080);
    expect(securityConfig.read(gatewayEnv).messageIdSecretSet).toBe(true);
    expect(securityConfig.read(gatewayEnv).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(gatewayConfig.read(gatewayEnv).metricsPort).toBe(8081);
    expect(appLogger(gatewayEnv)).toBeDefined();
    expect(wordProducerConfig.read(workerEnv).healthPort).toBe(8081);
    expect(amqpConfig.read(workerEnv).requestsQueueType).toBe('quorum');
    expect(services.gateway.command).toEqual(['gateway']);
    expect(services['word-producer'].command).toEqual(['word-producer']);
  });

  it("starts the apps' bundles from the image's entrypoint, and refuses anything else", () => {
    const entrypoint = read('deploy/app-entrypoint.sh');
    expect(statSync(join(ROOT, 'deploy/app-entrypoint.sh')).mode & 0o111).not.toBe(0);
    expect(entrypoint).toContain('exec node "/app/dist/apps/$1/main.js"');
    const refused = spawnSync('sh', [join(ROOT, 'deploy/app-entrypoint.sh'), 'rm'], { encoding: 'utf8' });
    expect(refused.status).toBe(64);
    expect(read('Dockerfile')).toMatch(/^USER node$/m);
  });

  (nginxUsable() ? it : it.skip)('mounts the proxy configuration the proxy test runs, in an nginx.conf that nginx accepts', () => {
    expect(services.nginx.volumes).toEqual([
      './deploy/nginx/nginx.conf:/etc/nginx/nginx.conf:ro',
      './deploy/nginx/gateway-proxy.conf:/etc/nginx/gateway-proxy.conf:ro',
    ]);
    const directory = mkdtempSync(join(tmpdir(), 'nginx-conf-'));
    try {
      // As in the container, with the service name (resolved by Docker's DNS there) replaced by an address.
      const conf = read('deploy/nginx/nginx.conf')
        .replace('server gateway:8080;', 'server 127.0.0.1:8080;')
        .replace('/etc/nginx/gateway-proxy.conf', join(ROOT, 'deploy/nginx/gateway-proxy.conf'));
      writeFileSync(join(directory, 'nginx.conf'), `pid ${directory}/nginx.pid;\nerror_log ${directory}/error.log;\n${conf}`);
      const check = spawnSync(NGINX, ['-t', '-p', directory, '-c', join(directory, 'nginx.conf')], { encoding: 'utf8' });
      expect(check.stderr).toContain('syntax is ok');
      expect(check.status).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
