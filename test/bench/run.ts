/** `npm run bench`: every scenario, one after the other (under five minutes on two cores). */
import { loginBench } from './login-bench.js';
import { overloadBench } from './overload.js';
import { protectionBench } from './protection.js';
import { runEventsBench } from './run-events.js';

async function main(): Promise<void> {
  console.log('# password sign-in throughput');
  await loginBench();
  console.log('\n# attack protection: sign-in with protection on ÷ off');
  await protectionBench();
  console.log('\n# run events: a step with events on ÷ off');
  await runEventsBench();
  console.log('\n# overload: shed, don\'t queue');
  await overloadBench();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
