/** `npx tsx test/bench/figures-only.ts`: only issue 19's figures (what `npm run bench` prints first). */
import { figuresBench } from './figures.js';

figuresBench().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
