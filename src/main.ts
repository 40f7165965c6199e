import { DEPARTMENTS, loadConfig, type DepartmentKey } from './config.js';
import { createLogger } from './observability/logger.js';
import { startGateway, whyNotStarted } from './server.js';
import { startMock, type MockHandle } from '../mocks/index.js';

// `npm start`: the gateway, with an embedded mock for every department whose URL is not configured.
const config = loadConfig();
const logger = createLogger(config.logLevel);
const mocks: MockHandle[] = [];
const upstreams = {} as Record<DepartmentKey, string>;
for (const key of DEPARTMENTS) {
  const configured = config.departments[key].url;
  if (configured) {
    upstreams[key] = configured;
  } else {
    const mock = await startMock(key);
    mocks.push(mock);
    upstreams[key] = mock.url;
    logger.info({ department: key, url: mock.url }, 'embedded department mock started');
  }
}
const gateway = await startGateway({ config, upstreams, logger }).catch(async (error: unknown) => {
  // One log line that says what to change, not a stack trace from a top-level await.
  logger.fatal({ err: error }, whyNotStarted(error, config));
  await Promise.allSettled(mocks.map((m) => m.close()));
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // In-flight requests get time to finish; a connection that never closes must not keep the replica alive.
  setTimeout(() => {
    logger.warn('shutdown took over 10 s: exiting anyway');
    process.exit(1);
  }, 10_000).unref();
  await gateway.close();
  await Promise.all(mocks.map((m) => m.close()));
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
