import fs from "node:fs";
import { runTypeChain } from "typechain";

/**
 * Generates typechain `ethers-v6` types (contract interfaces and factories) for the given artifact files
 * into `outDir`, which is emptied first. Returns the number of files written.
 *
 * @example
 * await generateTypes(["artifacts/Hypervisor.json"], "typechain-types", process.cwd());
 */
export async function generateTypes(
  artifactFiles: readonly string[],
  outDir: string,
  cwd: string,
): Promise<number> {
  fs.rmSync(outDir, { recursive: true, force: true });
  if (artifactFiles.length === 0) return 0;
  const result = await runTypeChain({
    cwd,
    // The target as a resolved path: typechain would otherwise look for it from `cwd` or its own directory.
    target: require.resolve("@typechain/ethers-v6"),
    outDir,
    filesToProcess: [...artifactFiles],
    allFiles: [...artifactFiles],
  });
  return result.filesGenerated;
}
