// Builds the web bundle: node build.mjs <out-dir>. CMake runs it into
// build/share/socialroll/web, where the server finds it (see server/http/WebUi.cpp).
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, "dist");
await mkdir(join(out, "assets"), { recursive: true });
await build({
  entryPoints: [join(here, "src/main.jsx")],
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "esm",
  target: ["es2020"],
  jsx: "automatic",
  jsxImportSource: "preact",
  outfile: join(out, "assets/app.js"),
  logLevel: "warning",
});
await copyFile(join(here, "src/styles.css"), join(out, "assets/app.css"));
await copyFile(join(here, "index.html"), join(out, "index.html"));
