import fs from "node:fs";
import path from "node:path";
import type { HuffArtifact } from "./types";

/**
 * Writes each artifact to `<outDir>/<contractName>.json` (pretty-printed, trailing newline), after removing
 * the `*.json` files a previous run left in `outDir`, so a deleted contract leaves no stale artifact.
 * Returns the written paths.
 *
 * @example
 * writeArtifacts("packages/contract/artifacts", [compileHuff({ file: "src/Hypervisor.huff" })]);
 */
export function writeArtifacts(outDir: string, artifacts: readonly HuffArtifact[]): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  for (const name of fs.readdirSync(outDir)) {
    if (name.endsWith(".json")) fs.rmSync(path.join(outDir, name));
  }
  return artifacts.map((artifact) => {
    const file = path.join(outDir, `${artifact.contractName}.json`);
    fs.writeFileSync(file, `${JSON.stringify(artifact, null, 2)}\n`);
    return file;
  });
}
