import { startMock, type MockDepartment } from '../../mocks/index.js';

// One department's mock as its own process on a free port (latency from MOCK_LATENCY_MS), as each
// department is its own server in production: three answers due at once are not queued behind
// each other in one event loop. The first stdout line tells the bench where it listens.
const department = process.argv[2] as MockDepartment;
const mock = await startMock(department);
console.log(JSON.stringify({ [department]: mock.url }));
process.once('SIGTERM', () => void mock.close().then(() => process.exit(0)));
