import { expect } from "chai";
import { keccak256 } from "ethers";
import type { AuditHost, Hex } from "../../lib/types";
import { expectTruthValidGasRejected } from "./helpers/auditTruthAndGas";
import type { DiffCase } from "./helpers/cases";
import { deployAudit } from "./helpers/deployAudit";
import { asm } from "./helpers/lookup";
import { runNative } from "./helpers/runNative";

/**
 * The lazy jump-destination walk (dispatch/analysis.huff WALK_TO) loads a whole word per step, and its last
 * round may step three times past a PUSH32 at the last code byte: it loads words up to byte codeLen + 65
 * after the raw code. Guest memory must start above them (CODE_PADDING), else native MSIZE grows under the
 * guest: its MSIZE reads 32 with nothing written, and its first expansion goes uncharged. Each program jumps
 * forward to the end (the walk runs to it, its first step at the jump target, then a truncated PUSH32),
 * then back, and touches memory for the first time. Code-only archives and creation frames (both
 * analysed lazily) and archived images must all agree with the EVM.
 */
describe("differential: the lazy walk's reads past the end of the code stay below guest memory", function () {
  this.timeout(600_000);
  let host: AuditHost;
  let factory: Hex;
  let hypervisor: Hex;
  before(async () => {
    ({ host, factory, hypervisor } = await deployAudit());
  });

  const cases: DiffCase[] = [
    {
      name: "MSTORE after the walk: its first expansion is charged",
      source:
        "PUSH1 5 PUSH1 15 JUMP back: JUMPDEST PUSH1 1 PUSH0 MSTORE STOP 0x00000000 dest: JUMPDEST JUMP 0x7f",
      expect: "success",
    },
    {
      name: "MSIZE after the walk: 0",
      source:
        "PUSH1 5 PUSH1 15 JUMP back: JUMPDEST MSIZE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN 0x0000 dest: JUMPDEST JUMP 0x7f",
      expect: "success",
    },
  ];

  it("the programs end with a truncated PUSH32 and jump to their last JUMPDEST (the layout above)", () => {
    expect(asm(cases[0].source)).to.equal("0x6005600f565b60015f5200000000005b567f");
    expect(asm(cases[1].source)).to.equal("0x6005600f565b595f5260205ff300005b567f");
  });

  for (const c of cases) {
    for (const image of [true, false]) {
      it(`${c.name} (${image ? "image" : "code only"})`, async () => {
        const run = await runNative(host, c);
        expect(run.frame.witness.status, "native run").to.equal(1n);
        await expectTruthValidGasRejected({ host, factory, hypervisor }, run, c.name, { image });
      });
    }
    it(`${c.name} (creation frame)`, async () => {
      const run = await runNative(host, { ...c, creation: true });
      expect(run.frame.witness.status, "native run").to.equal(1n);
      await expectTruthValidGasRejected({ host, factory, hypervisor }, run, c.name, { image: false });
    });
  }

  it("the MSIZE program's native return data is MSIZE 0", async () => {
    const run = await runNative(host, cases[1]);
    expect(run.frame.witness.returndataHash).to.equal(keccak256(`0x${"00".repeat(32)}`));
  });
});
