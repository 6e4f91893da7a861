// Runs one browser journey against the real server on a fresh database:
//   node tests/e2e/run.mjs <socialroll binary> <journey> <screenshot dir>
// Journeys are in journeys/<name>.mjs; each exports run({url, data, browser, shots}), and
// `emptyDatabase = true` when it starts before anything exists (no seed, data is null).
import { launch } from "./lib/browser.mjs";
import { seed } from "./lib/seed.mjs";
import { startServer } from "./lib/server.mjs";

const [binary, journey, shots] = process.argv.slice(2);
if (!binary || !journey || !shots) {
  console.error("usage: run.mjs <socialroll binary> <journey> <screenshot dir>");
  process.exit(2);
}
const { run, emptyDatabase } = await import(`./journeys/${journey}.mjs`);
const server = await startServer(binary);
let browser;
let failed = false;
try {
  const data = emptyDatabase ? null : await seed(server.url);
  browser = await launch();
  await run({ url: server.url, data, browser, shots });
  console.log(`journey ${journey}: passed; screenshots in ${shots}`);
} catch (e) {
  failed = true;
  console.error(`journey ${journey}: FAILED\n${e.stack || e}\n--- server log (tail) ---\n${server.log().slice(-3000)}`);
} finally {
  await browser?.close();
  await server.stop();
}
process.exit(failed ? 1 : 0);
