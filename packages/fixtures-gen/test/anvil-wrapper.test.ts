import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect } from "chai";

// Unpatched, the npm wrapper of anvil (@foundry-rs/anvil bin.mjs, the same file as forge's) spawned the platform
// binary and exited 0 whatever it did: an anvil that failed to start (bad flag, port taken) made startAnvil() in
// helpers/anvil.ts report "anvil exited with 0". patches/@foundry-rs__anvil@1.7.1.patch (the forge patch, applied
// to anvil) makes the wrapper exit with the binary's status. This runs the wrapper as the helper does, through
// node_modules/.bin/anvil; both runs end on their own, so no anvil is left running.
describe("anvil patch: the npm wrapper exits with anvil's status", function () {
  this.timeout(60_000);
  const bin = join(__dirname, "..", "node_modules", ".bin", "anvil");

  const anvil = (...args: string[]): SpawnSyncReturns<string> =>
    spawnSync(bin, args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 30_000 });

  it("exits non-zero when anvil rejects its arguments", () => {
    const run = anvil("--definitely-not-a-flag");
    expect(run.error).to.equal(undefined);
    // anvil itself ran and refused the flag (clap's usage error)...
    expect(run.stderr, run.stdout).to.contain("unexpected argument '--definitely-not-a-flag'");
    // ...and the wrapper says so.
    expect(run.signal).to.equal(null);
    expect(run.status, run.stdout + run.stderr).to.equal(2);
  });

  it("exits 0 and prints its version with --version", () => {
    const run = anvil("--version");
    expect(run.error).to.equal(undefined);
    expect(run.stdout, run.stderr).to.match(/^anvil Version: 1\.7\.1\b/m);
    expect(run.signal).to.equal(null);
    expect(run.status, run.stdout + run.stderr).to.equal(0);
  });
});
