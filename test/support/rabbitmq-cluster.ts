import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-process';
import { brokerAnswers } from './broker-url';
import { waitFor } from './wait-for';

const run = promisify(execFile);

/**
 * A throwaway RabbitMQ cluster of its own, beside (and never touching) the local broker on 5672: for tests
 * that stop and start nodes. It runs Debian's rabbitmq-server, as root or as the rabbitmq user, without Docker.
 */
export interface LocalCluster {
  /** amqp://guest:guest@127.0.0.1:<port> of each node, in order. */
  readonly urls: string[];
  readonly nodeNames: string[];
  /** Stops node i (rabbitmqctl -n … stop, waits until its port no longer answers). */
  stopNode(index: number): Promise<void>;
  /**
   * Starts node i again and waits until it answers AMQP and is running in the cluster. When every node is
   * down, start the last one stopped first: the others wait for it before they boot.
   */
  startNode(index: number): Promise<void>;
  /** Stops every node and removes the temp dir, whatever state they are in. Safe to call twice. */
  close(): Promise<void>;
}

// The Debian wrapper in /usr/sbin would write the console to the local broker's /var/log/rabbitmq/startup_log
// (as the rabbitmq user) or put an `su` between us and the node (as root), so nodes start from the real script.
const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
// As the local broker (rabbit@localhost): `localhost` resolves everywhere, the short hostname only where /etc/hosts has it.
const HOST = 'localhost';
const BOOT_TIMEOUT_MS = 90000;
const STOP_TIMEOUT_MS = 30000;
const CTL_TIMEOUT_MS = 60000;

/** True where rabbitmq-server and rabbitmqctl are installed and we may run nodes: as root or as the rabbitmq user. */
export function localClusterUsable(): boolean {
  const owner = rabbitmqUser();
  if (!owner || !existsSync(RABBITMQ_SERVER) || !existsSync(join(owner.home, '.erlang.cookie'))) return false;
  if (process.getuid?.() !== 0 && process.getuid?.() !== owner.uid) return false;
  try {
    execFileSync('rabbitmqctl', ['version'], { stdio: 'ignore', timeout: 15000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Boots nodes 1..n side by side, then joins 2..n to node 1; on any failure stops what it started and throws.
 *
 * Measured on a busy 2-core machine: about 15 s for 2 nodes and 20 s for 3 (booting takes 8 to 10 s, each
 * join about 4 s). Afterwards stopNode takes about 2.5 s, startNode 6 to 7.5 s and close about 1 s: give the
 * test's beforeAll a timeout to match.
 */
export async function startLocalCluster(nodes: 2 | 3): Promise<LocalCluster> {
  const owner = rabbitmqUser();
  if (!owner) throw new Error('There is no rabbitmq user to run the cluster nodes as');
  const baseDir = mkdtempSync(join(tmpdir(), 'rabbitmq-cluster-'));
  const cluster = new Cluster(baseDir, owner);
  try {
    const ports = await distinctFreePorts(2 * nodes);
    // The random part of the temp dir makes the node names unique to this cluster.
    const prefix = baseDir.slice(-6).replace(/[^A-Za-z0-9]/g, 'x');
    for (let i = 0; i < nodes; i++) {
      cluster.nodes.push(new ClusterNode(`lc${prefix}-${i + 1}@${HOST}`, ports[2 * i], ports[2 * i + 1], baseDir, owner));
    }
    cluster.writeSharedFiles();
    await Promise.all(cluster.nodes.map((node) => node.boot()));
    for (const node of cluster.nodes.slice(1)) await node.join(cluster.nodes[0]);
    await cluster.waitUntilRunningAsSeenBy(cluster.nodes[0]);
    return cluster;
  } catch (error) {
    await cluster.close();
    throw error;
  }
}

interface RabbitmqUser {
  uid: number;
  gid: number;
  /** Holds the .erlang.cookie that the local broker and rabbitmqctl already use. */
  home: string;
}

function rabbitmqUser(): RabbitmqUser | undefined {
  try {
    const entry = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('rabbitmq:'));
    if (!entry) return undefined;
    const [, , uid, gid, , home] = entry.split(':');
    return { uid: Number(uid), gid: Number(gid), home };
  } catch {
    return undefined;
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function portAnswers(port: number): Promise<boolean> {
  const socket = connectTcp(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

async function rabbitmqctl(node: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('rabbitmqctl', ['-n', node, ...args], { timeout: CTL_TIMEOUT_MS });
  return stdout;
}

async function runningNodesSeenBy(node: string): Promise<string[]> {
  const status = JSON.parse(await rabbitmqctl(node, 'cluster_status', '--formatter', 'json')) as { running_nodes?: string[] };
  return status.running_nodes ?? [];
}

class Cluster implements LocalCluster {
  readonly nodes: ClusterNode[] = [];
  private closing?: Promise<void>;
  // Kills what is left if the test process ends without close(): jest would otherwise leave the nodes running.
  private readonly killLeftovers = () => {
    for (const node of this.nodes) node.killNow();
    rmSync(this.baseDir, { recursive: true, force: true });
  };

  constructor(
    private readonly baseDir: string,
    private readonly owner: RabbitmqUser,
  ) {
    process.on('exit', this.killLeftovers);
  }

  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  get nodeNames(): string[] {
    return this.nodes.map((node) => node.name);
  }

  /**
   * Without a config file of their own the nodes would read /etc/rabbitmq/rabbitmq.conf (the local broker's
   * listeners) and its enabled plugins (management on 15672, prometheus on 15692), and clash with it.
   */
  writeSharedFiles(): void {
    writeFileSync(join(this.baseDir, 'rabbitmq.conf'), '# guest may connect from 127.0.0.1 only.\nloopback_users.guest = true\n');
    writeFileSync(join(this.baseDir, 'enabled_plugins'), '[].\n');
    // Left empty so that the local broker's rabbitmq-env.conf (its node name, its ERL_FLAGS) is not sourced.
    writeFileSync(join(this.baseDir, 'rabbitmq-env.conf'), '');
    for (const node of this.nodes) mkdirSync(node.dir);
    const files = ['rabbitmq.conf', 'enabled_plugins', 'rabbitmq-env.conf'].map((name) => join(this.baseDir, name));
    for (const path of [this.baseDir, ...files, ...this.nodes.map((node) => node.dir)]) chownSync(path, this.owner.uid, this.owner.gid);
  }

  /** Waits until `node` counts every node we have running, itself included, as running in its cluster. */
  async waitUntilRunningAsSeenBy(node: ClusterNode): Promise<void> {
    const expected = this.nodes.filter((each) => each.running).map((each) => each.name);
    await waitFor(
      `${node.name} to see ${expected.join(', ')} running`,
      async () => {
        const running = await runningNodesSeenBy(node.name);
        return expected.every((name) => running.includes(name));
      },
      BOOT_TIMEOUT_MS,
    );
  }

  async stopNode(index: number): Promise<void> {
    await this.node(index).stop();
  }

  async startNode(index: number): Promise<void> {
    const node = this.node(index);
    await node.boot();
    await this.waitUntilRunningAsSeenBy(node);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await Promise.all(this.nodes.map((node) => node.terminate()));
      } finally {
        rmSync(this.baseDir, { recursive: true, force: true });
        process.removeListener('exit', this.killLeftovers);
      }
    })();
    return this.closing;
  }

  private node(index: number): ClusterNode {
    const node = this.nodes[index];
    if (!node) throw new Error(`The cluster has no node ${index}`);
    return node;
  }
}

/**
 * One node: the rabbitmq-server shell script as our child. The script keeps running as the beam's parent and
 * forwards SIGTERM and SIGINT (a Ctrl-C in the terminal) to it as a clean stop.
 */
class ClusterNode {
  readonly dir: string;
  private script?: ChildProcess;
  private spawnFailed = false;

  constructor(
    readonly name: string,
    readonly amqpPort: number,
    private readonly distPort: number,
    private readonly baseDir: string,
    private readonly owner: RabbitmqUser,
  ) {
    this.dir = join(baseDir, name.split('@')[0]);
  }

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.amqpPort}`;
  }

  get running(): boolean {
    return this.script !== undefined && !this.spawnFailed && this.script.exitCode === null && this.script.signalCode === null;
  }

  private get pidFile(): string {
    return join(this.dir, 'pid');
  }

  private get consoleFile(): string {
    return join(this.dir, 'console.log');
  }

  /** Starts the node and waits until it answers AMQP; throws with its console output if it dies first. */
  async boot(): Promise<void> {
    if (this.running) return;
    const output = openSync(this.consoleFile, 'a');
    try {
      this.script = spawn(RABBITMQ_SERVER, [], {
        cwd: this.baseDir,
        env: this.environment(),
        stdio: ['ignore', output, output],
        // As root, run it as the rabbitmq user, whose home holds the shared Erlang cookie.
        ...(process.getuid?.() === 0 ? { uid: this.owner.uid, gid: this.owner.gid } : {}),
      });
    } finally {
      closeSync(output);
    }
    this.spawnFailed = false;
    this.script.once('error', (error) => {
      this.spawnFailed = true;
      writeFileSync(this.consoleFile, `${RABBITMQ_SERVER} did not start: ${error.message}\n`, { flag: 'a' });
    });
    // Lets a test process that forgot close() end; the 'exit' handler then kills the node.
    this.script.unref();
    await waitFor(
      `${this.name} to answer AMQP on ${this.amqpPort}`,
      async () => {
        if (!this.running) throw new Error(`${this.name} exited while booting:\n${this.console()}`);
        return (await portAnswers(this.amqpPort)) && (await brokerAnswers(this.url));
      },
      BOOT_TIMEOUT_MS,
    );
  }

  async join(seed: ClusterNode): Promise<void> {
    await rabbitmqctl(this.name, 'stop_app');
    await rabbitmqctl(this.name, 'join_cluster', seed.name);
    await rabbitmqctl(this.name, 'start_app');
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    // Unreferenced children do not keep the event loop alive, and here nothing else might.
    this.script!.ref();
    const exited = once(this.script!, 'exit');
    // Given the pid file, rabbitmqctl returns only once the beam has ended.
    await rabbitmqctl(this.name, 'stop', this.pidFile);
    await exited;
    await waitFor(`${this.name} to stop answering on ${this.amqpPort}`, async () => !(await portAnswers(this.amqpPort)), STOP_TIMEOUT_MS);
  }

  /** A clean stop through the script (SIGTERM), and SIGKILL if that takes too long. */
  async terminate(): Promise<void> {
    if (!this.running) return;
    const exited = once(this.script!, 'exit');
    this.script!.kill('SIGTERM');
    const timer = setTimeout(() => this.killNow(), STOP_TIMEOUT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Synchronous, for the process 'exit' handler: SIGKILL to the beam (by its pid file) and to the script. */
  killNow(): void {
    if (!this.running) return;
    const beam = this.beamPid();
    for (const pid of [beam, this.script!.pid]) {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }

  private beamPid(): number | undefined {
    try {
      return Number(readFileSync(this.pidFile, 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  }

  private console(): string {
    try {
      return readFileSync(this.consoleFile, 'utf8').slice(-4000);
    } catch {
      return '(no console output)';
    }
  }

  /** Only what the node needs, so that no RABBITMQ_* variable of the test run leaks into it. */
  private environment(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      LANG: 'C.UTF-8',
      HOME: this.owner.home,
      RABBITMQ_NODENAME: this.name,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(this.amqpPort),
      // Set, rather than the default AMQP port + 20000, which could be taken or be the local broker's 25672.
      RABBITMQ_DIST_PORT: String(this.distPort),
      RABBITMQ_CONF_ENV_FILE: join(this.baseDir, 'rabbitmq-env.conf'),
      RABBITMQ_CONFIG_FILE: join(this.baseDir, 'rabbitmq.conf'),
      RABBITMQ_CONFIG_FILES: join(this.baseDir, 'conf.d'),
      RABBITMQ_ADVANCED_CONFIG_FILE: join(this.baseDir, 'advanced.config'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(this.baseDir, 'enabled_plugins'),
      RABBITMQ_MNESIA_BASE: join(this.dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(this.dir, 'log'),
      RABBITMQ_PID_FILE: this.pidFile,
      // What the local broker's rabbitmq-env.conf sets: epmd and the distribution listen on loopback only.
      ERL_EPMD_ADDRESS: '127.0.0.1',
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    };
  }
}
