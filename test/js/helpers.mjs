// Shared by the Node tests: build a site with the real generator and load
// the engine from the built output.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/** build runs `go run ./cmd/gen build` on src (the repo root by default) into a new temporary folder. */
export function build(src = root) {
  const out = mkdtempSync(join(tmpdir(), "search-test-"));
  execFileSync("go", ["run", "./cmd/gen", "build", "-src", src, "-out", out], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  return { out, remove: () => rmSync(out, { recursive: true, force: true }) };
}

/** engine imports search.js from a built site and opens its index. */
export async function engine(out) {
  const mod = await import(pathToFileURL(join(out, "assets", "search.js")).href);
  const reads = [];
  const search = mod.createSearch(async (path) => {
    reads.push(path);
    return JSON.parse(readFileSync(join(out, path), "utf8"));
  });
  return { mod, search, reads };
}

/** readJSON reads a file below the repo root. */
export function readJSON(rel) {
  return JSON.parse(readFileSync(join(root, rel), "utf8"));
}

/**
 * partsOf compiles a message template as the index does (see package
 * internal/search): runs of literal tokens, 0 for each placeholder.
 */
export function partsOf(template, tokenize) {
  const parts = [];
  let lit = "";
  const flush = () => {
    const toks = tokenize(lit);
    if (toks.length) parts.push(toks);
    lit = "";
  };
  for (let i = 0; i < template.length; ) {
    if (template.startsWith("{{", i) || template.startsWith("}}", i)) {
      lit += template[i];
      i += 2;
    } else if (template[i] === "{") {
      const end = template.indexOf("}", i);
      flush();
      parts.push(0);
      i = end + 1;
    } else {
      lit += template[i++];
    }
  }
  flush();
  return parts;
}
