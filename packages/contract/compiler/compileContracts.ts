import path from "node:path";
import { compileHuff } from "./compileHuff";
import { findHuffContracts } from "./findHuffContracts";
import { generateTypes } from "./generateTypes";
import type { HuffArtifact, HuffConstantValue } from "./types";
import { writeArtifacts } from "./writeArtifacts";

/** What `compileContracts` produced. */
export interface CompiledContracts {
  artifacts: HuffArtifact[];
  /** The written `artifacts/<Name>.json` files. */
  artifactFiles: string[];
  /** How many typechain files were written to `typechain-types/`. */
  typeFiles: number;
}

/**
 * Compiles every top-level `<packageDir>/src/*.huff` that defines MAIN, in this one process, into
 * `<packageDir>/artifacts/<Name>.json`, then generates typechain `ethers-v6` types into
 * `<packageDir>/typechain-types/`. Both directories are regenerated from scratch. The first Huff error
 * stops it with a `HuffCompileError` naming the file.
 *
 * @example
 * const { artifacts } = await compileContracts({ packageDir: "packages/contract" });
 */
export async function compileContracts(options: {
  packageDir: string;
  constants?: Record<string, HuffConstantValue>;
}): Promise<CompiledContracts> {
  const packageDir = path.resolve(options.packageDir);
  const files = findHuffContracts(path.join(packageDir, "src"));
  const artifacts = files.map((file) =>
    compileHuff({ file, constants: options.constants, baseDir: packageDir }),
  );
  const artifactFiles = writeArtifacts(path.join(packageDir, "artifacts"), artifacts);
  const typeFiles = await generateTypes(artifactFiles, path.join(packageDir, "typechain-types"), packageDir);
  return { artifacts, artifactFiles, typeFiles };
}
