import { spawn } from "node:child_process";
import path from "node:path";
import { task, types } from "hardhat/config";

/** Thrown when `forge test` exits non-zero (a failing test, a compile error, a missing artifact). */
export class ForgeTestFailedError extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
  ) {
    super(`forge test failed (${signal === null ? `exit code ${exitCode}` : `signal ${signal}`})`);
    this.name = "ForgeTestFailedError";
  }
}

/**
 * `hardhat forge-test`: the Solidity tests of packages/contract (packages/contract/test/solidity/*.t.sol) with
 * forge from npm (@foundry-rs/forge), against the Huff artifacts in packages/contract/artifacts. Forge runs at
 * the repository root, where foundry.toml points it at npm solc (tools/solc/solc) and forbids downloads.
 * `@foundry-rs/hardhat-forge` is not used: it is a GitHub dependency on ethers v5 and replaces `hardhat test`.
 *
 * @example
 *   pnpm hardhat forge-test
 *   pnpm hardhat forge-test --match-test test_archive --verbosity 4
 */
task("forge-test", "Run the forge (Solidity) tests of packages/contract against the Huff artifacts")
  .addOptionalParam("matchTest", "only tests whose name matches this regex", undefined, types.string)
  .addOptionalParam(
    "matchContract",
    "only test contracts whose name matches this regex",
    undefined,
    types.string,
  )
  .addOptionalParam("verbosity", "forge verbosity, 0-5 (-v count)", 0, types.int)
  .setAction(
    async (args: { matchTest?: string; matchContract?: string; verbosity: number }, hre): Promise<void> => {
      const root = hre.config.paths.root;
      const forgeBin = require.resolve("@foundry-rs/forge/bin.mjs", {
        paths: [path.join(root, "packages", "contract")],
      });
      const forgeArgs = ["test", "--root", root];
      if (args.matchTest !== undefined) forgeArgs.push("--match-test", args.matchTest);
      if (args.matchContract !== undefined) forgeArgs.push("--match-contract", args.matchContract);
      if (args.verbosity > 0) forgeArgs.push(`-${"v".repeat(Math.min(args.verbosity, 5))}`);
      // cwd = root: forge resolves foundry.toml's `solc` path against the working directory, not --root.
      const child = spawn(process.execPath, [forgeBin, ...forgeArgs], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, TARGET_TOOL: "forge", FOUNDRY_OFFLINE: "true" },
      });
      const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
        (resolve, reject) => {
          child.on("error", reject);
          child.on("exit", (code, sig) => resolve([code, sig]));
        },
      );
      if (exitCode !== 0) throw new ForgeTestFailedError(exitCode, signal);
    },
  );
