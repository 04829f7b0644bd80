/** `npm run bench`: every scenario, one after the other (under five minutes on two cores). */
import { figuresBench } from './figures.js';
import { overloadBench } from './overload.js';
import { protectionBench } from './protection.js';
import { runEventsBench } from './run-events.js';
import { designerBench } from './designer.js';
import { releaseProcesses } from './cores.js';

async function main(): Promise<void> {
  const started = performance.now();
  console.log("# Gerbang's own cost per sign-in (ratios measured side by side)");
  await figuresBench();
  releaseProcesses();
  console.log('\n# attack protection: sign-in with protection on ÷ off');
  await protectionBench();
  console.log('\n# run events: a step with events on ÷ off');
  await runEventsBench();
  console.log('\n# overload: shed, don\'t queue');
  await overloadBench();
  console.log('\n# designer at size: a 300-step journey in Chromium');
  await designerBench();
  console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
