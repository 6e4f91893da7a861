// First paint of the sign-in page on the throttled phone profile issue #16 measured against
// (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, CPU slowed 4×), cold cache and warm cache,
// in Debian's Chromium driven over the DevTools protocol. Prints the median of seven runs each.
//   node tests/bench/first-paint.mjs build/server/socialroll
// Target: first paint under 800 ms cold.
import { launch } from "../e2e/lib/browser.mjs";
import { startServer } from "../e2e/lib/server.mjs";

const [binary] = process.argv.slice(2);
if (!binary) {
  console.error("usage: first-paint.mjs <socialroll binary>");
  process.exit(2);
}
const server = await startServer(binary);
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const results = { cold: [], warm: [] };
  const bytes = [];
  for (let i = 0; i < 7; ++i) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    let received = 0;
    cdp.on("Network.loadingFinished", (e) => (received += e.encodedDataLength));
    for (const kind of ["cold", "warm"]) {
      await page.goto(server.url, { waitUntil: "load" });
      await page.getByLabel("用户名").waitFor();
      const paint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN);
      results[kind].push(paint);
      if (kind === "cold") bytes.push(received);
    }
    await context.close();
  }
  console.log(`first contentful paint, median of 7: cold ${median(results.cold).toFixed(0)} ms, ` +
              `warm ${median(results.warm).toFixed(0)} ms; ${median(bytes)} bytes on the wire cold`);
} finally {
  await browser.close();
  await server.stop();
}
