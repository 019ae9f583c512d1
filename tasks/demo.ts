import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { task } from "hardhat/config";

/**
 * The README's main job on the embedded default chain: real contracts (canonical WETH9, Uniswap V2
 * Router02, from their npm build artifacts) deployed on the in-process network, real transactions sent,
 * every frame recorded from `debug_traceTransaction` into witness files, and every frame audited by the
 * Huff hypervisor. Prints one line per frame; exits non-zero if any frame of a transaction whose
 * execution the hypervisor can check today is not `valid`.
 */
task("demo", "Record real transactions on the in-process chain and audit every frame with the hypervisor")
  .addOptionalParam("out", "keep the witness files in this directory (default: a temporary one, removed)")
  .setAction(async ({ out }: { out?: string }, hre) => {
    // Loaded lazily: the config must load without the packages being built.
    const recorder = await import("../packages/fixtures-gen/src");
    const lib = await import("../packages/contract/lib");
    const weth9 = require("canonical-weth/build/contracts/WETH9.json");
    const v2Factory = require("@uniswap/v2-core/build/UniswapV2Factory.json");
    const router02 = require("@uniswap/v2-periphery/build/UniswapV2Router02.json");

    const [user] = await hre.ethers.getSigners();
    const deploy = async (a: { abi: unknown[]; bytecode: string }, ...args: unknown[]) => {
      const f = new hre.ethers.ContractFactory(a.abi as never, a.bytecode, user);
      const c = await f.deploy(...args);
      await c.waitForDeployment();
      return c;
    };
    const weth = await deploy(weth9);
    const factory = await deploy(v2Factory, user.address);
    const router = await deploy(router02, await factory.getAddress(), await weth.getAddress());

    // Each transaction, and whether every frame of it needs no state-access record (so the
    // hypervisor can already decide it). Router02.quote is pure: its frame is pure computation.
    const txs = [
      {
        name: "router02-quote",
        recordFree: true,
        send: () =>
          user.sendTransaction({
            to: router.target as string,
            data: router.interface.encodeFunctionData("quote", [
              10n ** 18n,
              3n * 10n ** 18n,
              7n * 10n ** 18n,
            ]),
          }),
      },
      {
        name: "weth9-deposit",
        recordFree: false,
        send: () => user.sendTransaction({ to: weth.target as string, value: 10n ** 18n }),
      },
    ];

    const root = out ?? mkdtempSync(join(tmpdir(), "iso-demo-"));
    let failed = false;
    try {
      for (const t of txs) {
        const sent = await t.send();
        await sent.wait();
        const recorded = await recorder.recordTransaction(hre.network.provider, sent.hash);
        const dir = join(root, t.name);
        const bytes = recorder.writeWitnessFiles(recorded, dir);
        console.log(`${t.name}: tx ${sent.hash}, ${recorded.frames.length} frame(s), ${bytes} witness bytes`);
        for (const a of await lib.auditWitnessFiles(hre.network.provider, dir)) {
          console.log(`  ${lib.formatFrameAudit(a)}`);
          if (t.recordFree && a.verdict !== "valid") failed = true;
        }
      }
    } finally {
      if (out === undefined) rmSync(root, { recursive: true, force: true });
    }
    if (failed) {
      console.error("demo: a frame the hypervisor can decide today was not valid");
      process.exitCode = 1;
    }
  });
