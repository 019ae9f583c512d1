import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { HuffArtifact } from "../compiler/types";

/** An artifact is missing or unreadable; run `pnpm --filter @iso-hypervisor/contract compile`. */
export class ArtifactNotFoundError extends Error {
  override name = "ArtifactNotFoundError";
  constructor(
    readonly contractName: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`artifact ${contractName} not found at ${path}: compile the Huff contracts first`, options);
  }
}

/** The directory holding the compiled artifacts of this package. */
export const ARTIFACTS_DIR = join(__dirname, "..", "artifacts");

/**
 * Reads a compiled artifact of this package.
 *
 * @example
 * const { abi, bytecode } = loadArtifact("Hypervisor");
 */
export function loadArtifact(contractName: string, dir: string = ARTIFACTS_DIR): HuffArtifact {
  const path = join(dir, `${contractName}.json`);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as HuffArtifact;
  } catch (cause) {
    throw new ArtifactNotFoundError(contractName, path, { cause });
  }
}
