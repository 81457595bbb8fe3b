import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './app-process';
import { waitFor } from './wait-for';

/** Debian's nginx; the proxy tests are skipped, saying so, where there is none. */
export const NGINX = '/usr/sbin/nginx';
const GATEWAY_PROXY_CONF = resolve(__dirname, '../../deploy/nginx/gateway-proxy.conf');

export function nginxUsable(): boolean {
  return spawnSync(NGINX, ['-v']).status === 0;
}

export interface NginxProxyOptions {
  /** The gateways' ports on 127.0.0.1. */
  upstreamPorts: number[];
  /** How long nginx waits for a gateway to write before it ends the response. */
  readTimeoutS: number;
}

/**
 * nginx on a port of its own, in front of the given gateways, with the shipped gateway-proxy.conf. Only
 * the server block around it is the test's: its port, a short read timeout (to show that heartbeats
 * beat it), one worker process (so that requests alternate between gateways), and a response header
 * naming the gateway that answered.
 */
export class NginxProxy {
  private constructor(
    readonly baseUrl: string,
    private readonly child: ChildProcess,
    private readonly directory: string,
  ) {}

  static async start({ upstreamPorts, readTimeoutS }: NginxProxyOptions): Promise<NginxProxy> {
    const directory = mkdtempSync(join(tmpdir(), 'nginx-proxy-'));
    // Run as root, nginx's workers run as nobody: they must reach their temp folders in here.
    chmodSync(directory, 0o755);
    const port = await freePort();
    writeFileSync(
      join(directory, 'nginx.conf'),
      `worker_processes 1;
error_log ${directory}/error.log warn;
pid ${directory}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${directory}/body;
  proxy_temp_path ${directory}/proxy;
  fastcgi_temp_path ${directory}/fastcgi;
  uwsgi_temp_path ${directory}/uwsgi;
  scgi_temp_path ${directory}/scgi;
  upstream gateways {
    ${upstreamPorts.map((upstream) => `server 127.0.0.1:${upstream} max_fails=1 fail_timeout=30s;`).join('\n    ')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    proxy_read_timeout ${readTimeoutS}s;
    add_header X-Upstream $upstream_addr always;
    include ${GATEWAY_PROXY_CONF};
  }
}
`,
    );
    const child = spawn(NGINX, ['-p', directory, '-c', join(directory, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    const proxy = new NginxProxy(`http://127.0.0.1:${port}`, child, directory);
    try {
      await waitFor(
        'nginx to listen',
        () =>
          fetch(`${proxy.baseUrl}/health`).then(
            () => true,
            () => false,
          ),
        10_000,
      );
    } catch (error) {
      await proxy.stop();
      throw error;
    }
    return proxy;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.directory, { recursive: true, force: true });
  }
}
