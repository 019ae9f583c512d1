import fs from "node:fs";
import path from "node:path";
import { transpileHuffcSources } from "./transpileHuffcSources";

/**
 * Maintainer tool for `patches/huffc.patch`: replaces `<huffcDir>/dist` with the transpiled sources.
 * Workflow: `pnpm patch huffc@0.0.25 --edit-dir <dir>`, edit `<dir>/src`, then
 * `ts-node --transpile-only scripts/regenerateHuffcDist.ts <dir>`, then `pnpm patch-commit <dir>`.
 */
function regenerateHuffcDist(huffcDir: string): number {
  const files = transpileHuffcSources(huffcDir);
  fs.rmSync(path.join(huffcDir, "dist"), { recursive: true, force: true });
  for (const [file, contents] of files) {
    fs.mkdirSync(path.dirname(path.join(huffcDir, file)), { recursive: true });
    fs.writeFileSync(path.join(huffcDir, file), contents);
  }
  return files.size;
}

const dir = process.argv[2];
if (!dir) {
  console.error("usage: regenerateHuffcDist.ts <huffc package directory>");
  process.exitCode = 1;
} else {
  console.log(`${regenerateHuffcDist(path.resolve(dir))} files written to ${path.join(dir, "dist")}`);
}
