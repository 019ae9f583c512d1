import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import { subtask } from "hardhat/config";

/** Thrown when the Hardhat config asks for a solc version other than the one the npm `solc` package ships. */
export class SolcVersionMismatchError extends Error {
  constructor(
    readonly requested: string,
    readonly installed: string,
  ) {
    super(
      `solidity.version ${requested} in hardhat.config.ts, but npm solc is ${installed}; ` +
        "compilers are never downloaded, so align the config and the root solc devDependency",
    );
    this.name = "SolcVersionMismatchError";
  }
}

/** The soljson build Hardhat would otherwise download (the fields of Hardhat's SolcBuild). */
interface SolcBuild {
  version: string;
  longVersion: string;
  compilerPath: string;
  isSolcJs: boolean;
}

/**
 * Hardhat's solc: always the npm `solc` package (wasm), never a download. The version must match exactly.
 *
 * @example
 *   // hardhat.config.ts: solidity.version "0.8.30" with solc@0.8.30 in the root devDependencies
 *   // pnpm hardhat compile   -> compiles with node_modules/solc/soljson.js, offline
 */
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD).setAction(
  async ({ solcVersion }: { solcVersion: string; quiet: boolean }): Promise<SolcBuild> => {
    const solc: { version(): string } = require("solc");
    // "0.8.30+commit.73712a01.Emscripten.clang": version "0.8.30", longVersion "0.8.30+commit.73712a01" (the
    // form Hardhat records in build-info solcLongVersion for the same compiler from binaries.soliditylang.org).
    const match = /^((\d+\.\d+\.\d+)\+commit\.[0-9a-f]+)/.exec(solc.version());
    if (match === null) throw new SolcVersionMismatchError(solcVersion, solc.version());
    const [, longVersion, version] = match;
    if (version !== solcVersion) throw new SolcVersionMismatchError(solcVersion, solc.version());
    return { version, longVersion, compilerPath: require.resolve("solc/soljson.js"), isSolcJs: true };
  },
);
