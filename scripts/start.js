#!/usr/bin/env node
// `npm start`: checks the broker, builds what is stale, then runs the gateway and the word-producer
// together until Ctrl+C. Plain Node so that it runs before anything is built.
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const amqp = require('amqplib');
const { buildIfStale, bundlePath, ROOT } = require('./lib/build-if-stale');

const COMPOSE_ENV = join(ROOT, '.env');
// With no AMQP_URL, the broker docker-compose.yml runs with the credentials in .env, else a local one as guest.
const AMQP_URL = process.env.AMQP_URL || composeBrokerUrl() || 'amqp://guest:guest@localhost:5672';
const PORT = process.env.PORT || '8080';
// The model a worker with GENERATOR=openai asks is the one OpenAI clients may name, unless MODELS says otherwise.
const MODELS = process.env.MODELS || process.env.UPSTREAM_MODEL || 'echo';
// A gateway process per core, sharing the port, unless GATEWAY_PROCESSES says otherwise.
const GATEWAY_PROCESSES = process.env.GATEWAY_PROCESSES || 'auto';
const APPS = ['gateway', 'word-producer'];
const BROKER_WAIT_MS = 60_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const redacted = (url) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function brokerAnswers() {
  try {
    const connection = await amqp.connect(AMQP_URL, { timeout: 2000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

function dockerEngineRuns() {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 }).status === 0;
}

/** amqp://USER:PASSWORD@localhost:5672 from .env, where docker-compose.yml takes its broker's credentials. */
function composeBrokerUrl() {
  if (!existsSync(COMPOSE_ENV)) return undefined;
  const values = Object.fromEntries(
    readFileSync(COMPOSE_ENV, 'utf8')
      .split('\n')
      .map((line) => /^\s*([A-Z_]+)\s*=\s*(.*?)\s*$/.exec(line))
      .filter(Boolean)
      .map(([, name, value]) => [name, value]),
  );
  if (!values.RABBITMQ_USER || !values.RABBITMQ_PASSWORD) return undefined;
  return `amqp://${encodeURIComponent(values.RABBITMQ_USER)}:${encodeURIComponent(values.RABBITMQ_PASSWORD)}@localhost:5672`;
}

async function ensureBroker() {
  if (await brokerAnswers()) return;
  if (dockerEngineRuns() && !existsSync(COMPOSE_ENV)) {
    console.error(
      'No RabbitMQ answers, and docker-compose.yml needs its credentials: `cp .env.example .env`, choose a password, run again.',
    );
    process.exit(1);
  }
  if (dockerEngineRuns()) {
    console.log(`No RabbitMQ at ${redacted(AMQP_URL)}; starting one with docker compose…`);
    const up = spawnSync('docker', ['compose', 'up', '-d', 'rabbitmq-1', 'rabbitmq-policy'], { cwd: ROOT, stdio: 'inherit' });
    if (up.status === 0) {
      for (const deadline = Date.now() + BROKER_WAIT_MS; Date.now() < deadline; await sleep(1000)) {
        if (await brokerAnswers()) return;
      }
    }
  }
  console.error(
    `No RabbitMQ answers at ${redacted(AMQP_URL)}: start one with \`docker compose up -d rabbitmq-1\` ` +
      '(or `rabbitmq-server -detached`), or point AMQP_URL at yours.',
  );
  process.exit(1);
}

function buildAll() {
  try {
    for (const app of APPS) buildIfStale(app);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

function run(app, children) {
  const child = spawn(process.execPath, [bundlePath(app)], {
    cwd: ROOT,
    env: { ...process.env, AMQP_URL, PORT, MODELS, GATEWAY_PROCESSES },
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (shuttingDown) return;
    console.error(`${app} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`);
    stopAll(children, code || 1);
  });
  return child;
}

let shuttingDown = false;
function stopAll(children, exitCode) {
  shuttingDown = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null))).then(() =>
    process.exit(exitCode),
  );
}

async function announceWhenReady() {
  for (let attempt = 0; attempt < 100; attempt++, await sleep(200)) {
    try {
      const response = await fetch(`http://localhost:${PORT}/health`);
      if (response.ok) {
        console.log(
          `\nReady: open http://localhost:${PORT}/ for the chat page, http://localhost:${PORT}/api for the API docs; ` +
            `OpenAI clients: base URL http://localhost:${PORT}/v1, model ${MODELS.split(',')[0]}.\n`,
        );
        return;
      }
    } catch {
      // not listening yet
    }
  }
}

async function main() {
  await ensureBroker();
  buildAll();
  const children = [];
  for (const app of APPS) children.push(run(app, children));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(children, 0));
  await announceWhenReady();
}

void main();
