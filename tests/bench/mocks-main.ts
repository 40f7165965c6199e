import { startMocks } from '../../mocks/index.js';

// The department mocks as their own process on free ports (latency from MOCK_LATENCY_MS);
// the first stdout line tells the bench where they listen.
const { mocks, close } = await startMocks();
console.log(JSON.stringify(Object.fromEntries(Object.values(mocks).map((m) => [m.department, m.url]))));
process.once('SIGTERM', () => void close().then(() => process.exit(0)));
