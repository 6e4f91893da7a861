// Builds the web bundle: node build.mjs <out-dir>. CMake runs it into
// build/share/socialroll/web, where the server finds it (see server/http/WebUi.cpp).
// Assets are named by their content (app-<hash>.js), so the server lets browsers keep them for a
// year, and each is also written gzip- and brotli-compressed for the server to send as they are
// (issue #16: 92.5 KB went uncompressed on every visit).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, "dist");
const assets = join(out, "assets");
await rm(assets, { recursive: true, force: true });  // no stale hashed files left to serve
await mkdir(assets, { recursive: true });
const bundled = await build({
  entryPoints: [join(here, "src/main.jsx")],
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "esm",
  target: ["es2020"],
  jsx: "automatic",
  jsxImportSource: "preact",
  write: false,
  outfile: "app.js",
  logLevel: "warning",
});

async function emit(base, ext, content) {
  const bytes = Buffer.from(content);
  const name = `${base}-${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}.${ext}`;
  await writeFile(join(assets, name), bytes);
  await writeFile(join(assets, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  await writeFile(join(assets, `${name}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  return name;
}

const js = await emit("app", "js", bundled.outputFiles[0].contents);
const css = await emit("app", "css", await readFile(join(here, "src/styles.css")));
const html = (await readFile(join(here, "index.html"), "utf8"))
  .replace("/assets/app.css", `/assets/${css}`)
  .replace("/assets/app.js", `/assets/${js}`);
if (!html.includes(js) || !html.includes(css)) throw new Error("index.html does not name /assets/app.js and /assets/app.css");
await writeFile(join(out, "index.html"), html);
