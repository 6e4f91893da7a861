// Starts the real socialroll binary on a fresh SQLite database in a temporary folder, on a free
// port, and stops it. The admin password and data key come from the environment the server reads.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ADMIN_PASSWORD = "e2e-Operator-pass-1";

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export async function startServer(binary) {
  const dir = mkdtempSync(join(tmpdir(), "socialroll-e2e-"));
  const port = await freePort();
  // Every payroll run is a background job here, so the pages' progress polling is exercised.
  writeFileSync(join(dir, "socialroll.json"), JSON.stringify({ payroll: { background_threshold: 1 } }));
  const child = spawn(resolve(binary), ["serve", "--port", String(port), "--db", `sqlite:${join(dir, "e2e.db")}`,
                                        "--config", join(dir, "socialroll.json")], {
    cwd: dir,
    env: { ...process.env, SOCIALROLL_ADMIN_PASSWORD: ADMIN_PASSWORD },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.on("error", (e) => (log += `cannot start ${binary}: ${e.message}\n`));
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`socialroll exited early:\n${log}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    log: () => log,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
