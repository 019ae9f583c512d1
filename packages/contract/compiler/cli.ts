import path from "node:path";
import { HuffCompileError } from "./HuffCompileError";
import { compileContracts } from "./compileContracts";
import type { HuffConstantValue } from "./types";

/** EIP-170: the largest runtime code a CREATE may deploy. */
const EIP170_MAX_CODE_SIZE = 24_576;

/**
 * `pnpm --filter @iso-hypervisor/contract compile`: compiles every top-level `src/*.huff` that defines MAIN,
 * in this one process, into `artifacts/<Name>.json`, then generates typechain types into `typechain-types/`.
 * `--define NAME=0x..` (or a decimal integer; repeatable) overrides a constant in every contract.
 */
async function main(argv: readonly string[]): Promise<void> {
  const constants: Record<string, HuffConstantValue> = {};
  for (let i = 0; i < argv.length; i++) {
    const definition = argv[i] === "--define" ? argv[++i] : undefined;
    const match = definition?.match(/^([A-Z0-9_]+)=(0x[0-9a-fA-F]+|\d+)$/);
    if (!match) throw new Error(`usage: compile [--define NAME=0x..]... (bad argument ${argv[i]})`);
    constants[match[1]] = match[2].startsWith("0x") ? (match[2] as `0x${string}`) : BigInt(match[2]);
  }

  const started = Date.now();
  const { artifacts, typeFiles } = await compileContracts({
    packageDir: path.resolve(__dirname, ".."),
    constants,
  });
  for (const artifact of artifacts) {
    const size = (artifact.deployedBytecode.length - 2) / 2;
    const errors = Object.keys(artifact.errors).length;
    console.log(`compiled ${artifact.sourceName}: ${size} bytes runtime, ${errors} custom errors`);
    if (size > EIP170_MAX_CODE_SIZE) {
      console.warn(
        `WARNING: ${artifact.contractName} exceeds the EIP-170 limit of ${EIP170_MAX_CODE_SIZE} bytes`,
      );
    }
  }
  console.log(`${artifacts.length} contracts, ${typeFiles} type files in ${Date.now() - started} ms`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof HuffCompileError ? error.message : error);
  process.exitCode = 1;
});
