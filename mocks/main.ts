// `npm run mocks`: the three department APIs on fixed ports, for a gateway or benchmark run
// in another process (tune them through the /__mock endpoints).
import { startMocks } from './index.js';

const PORTS = { civilAffairs: 4101, housing: 4102, health: 4103 };

const { mocks, close } = await startMocks({ ports: PORTS });
for (const mock of Object.values(mocks)) console.log(`mock ${mock.department} listening on ${mock.url}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: closing mocks`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
