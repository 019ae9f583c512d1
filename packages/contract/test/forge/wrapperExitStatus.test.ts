import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";

// Unpatched, the npm wrapper of forge (@foundry-rs/forge bin.mjs) spawned the platform binary and exited 0
// whatever it did: a failing Solidity test printed [FAIL] yet `hardhat forge-test`, `pnpm test` and CI passed.
// patches/@foundry-rs__forge@1.7.1.patch makes the wrapper exit with the binary's status. This runs the wrapper
// the way tasks/forge-test.ts does, on a throwaway foundry project outside the repository's test directory (so
// the normal `forge test` never sees the failing test), with the repository's npm solc and nothing downloaded.
describe("forge patch: the npm wrapper exits with forge's status", function () {
  this.timeout(120_000);
  const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
  const forgeBin = require.resolve("@foundry-rs/forge/bin.mjs", {
    paths: [path.join(__dirname, "..", "..")],
  });
  let project: string;

  before(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "forge-exit-status-"));
    fs.mkdirSync(path.join(project, "t"));
    fs.writeFileSync(
      path.join(project, "foundry.toml"),
      [
        "[profile.default]",
        'src = "t"',
        'test = "t"',
        'script = "t"',
        "libs = []",
        "auto_detect_remappings = false",
        "offline = true",
        "auto_detect_solc = false",
        `solc = ${JSON.stringify(path.join(repoRoot, "tools", "solc", "solc"))}`,
        "",
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(project, "t", "ExitStatus.t.sol"),
      `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract ExitStatusFixture {
    function test_passes() public pure {}

    function test_fails() public pure {
        revert("deliberate failure");
    }
}
`,
    );
  });

  after(() => {
    fs.rmSync(project, { recursive: true, force: true });
  });

  const forgeTest = (matchTest: string): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, [forgeBin, "test", "--root", project, "--match-test", matchTest], {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, TARGET_TOOL: "forge", FOUNDRY_OFFLINE: "true", NO_COLOR: "1" },
      timeout: 100_000,
    });

  it("exits non-zero when a test fails", () => {
    const run = forgeTest("test_fails");
    expect(run.error).to.equal(undefined);
    // The test really ran and failed (not, say, a compile error)...
    expect(run.stdout, run.stderr).to.contain("[FAIL: deliberate failure] test_fails()");
    // ...and the wrapper says so.
    expect(run.signal).to.equal(null);
    expect(run.status, run.stdout + run.stderr).to.equal(1);
  });

  it("exits 0 when the tests pass", () => {
    const run = forgeTest("test_passes");
    expect(run.error).to.equal(undefined);
    expect(run.stdout, run.stderr).to.contain("[PASS] test_passes()");
    expect(run.signal).to.equal(null);
    expect(run.status, run.stdout + run.stderr).to.equal(0);
  });
});
