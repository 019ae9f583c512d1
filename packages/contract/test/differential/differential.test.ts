import { FrameStatus, type MessageWitness, encodeRawMessageWitness } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { keccak256 } from "ethers";
import hre from "hardhat";
import { auditFrames } from "../../lib/auditFrames";
import { deployArchiveFactory } from "../../lib/deployArchiveFactory";
import { deployHypervisor } from "../../lib/deployHypervisor";
import type { AuditHost, Hex } from "../../lib/types";
import { type Outcome, differentialCases } from "./helpers/cases";
import { stackEffect } from "./helpers/lookup";
import { runNative } from "./helpers/runNative";

const STATUS_OF: Record<Outcome, bigint> = {
  success: FrameStatus.Success,
  revert: FrameStatus.Revert,
  halt: FrameStatus.Halt,
};

/** The witness with one field changed, ABI-encoded without schema checks (statuses stay in 0..2). */
const mutated = (w: MessageWitness, change: Partial<MessageWitness>): Hex =>
  encodeRawMessageWitness({
    ...w,
    ...change,
    stateAccessList: [],
    status: (change.status ?? w.status) as bigint,
  });

describe("differential: programs run natively, recorded, audited by the hypervisor", function () {
  this.timeout(600_000);
  let host: AuditHost;
  let factory: Hex;
  let hypervisor: Hex;

  before(async () => {
    const [from] = (await hre.network.provider.request({ method: "eth_accounts" })) as Hex[];
    host = { provider: hre.network.provider, from };
    factory = await deployArchiveFactory(host);
    hypervisor = await deployHypervisor(host, factory);
  });

  for (const c of differentialCases(stackEffect)) {
    it(c.name, async () => {
      const run = await runNative(host, c);
      expect(run.frames, "the program makes no calls: one frame").to.equal(1);
      const w = run.frame.witness;
      if (c.expect !== "any")
        expect(w.status, `native run ends in ${c.expect}`).to.equal(STATUS_OF[c.expect]);
      expect(w.stateAccessList, "no state-access record needed").to.have.length(0);
      const base = { file: c.name, witness: w, code: run.frame.code };
      const wrongStatus = (w.status + 1n) % 3n;
      const wrongHash = keccak256(`${w.returndataHash}01`) as Hex;
      const wrongGas = w.gasUsed === 0n ? 1n : w.gasUsed - 1n;
      const [truth, status, data, gas, gasUp] = await auditFrames(
        host,
        [
          { ...base, frame: "true" },
          { ...base, frame: "status", calldata: mutated(w, { status: wrongStatus as never }) },
          { ...base, frame: "returndataHash", calldata: mutated(w, { returndataHash: wrongHash }) },
          { ...base, frame: "gasUsed-1", calldata: mutated(w, { gasUsed: wrongGas }) },
          { ...base, frame: "gasUsed+1", calldata: mutated(w, { gasUsed: w.gasUsed + 1n }) },
        ],
        { hypervisor, factory, measureGas: false },
      );
      expect(truth.reason, `true witness ${JSON.stringify(truth.details)} at pc ${truth.pc}`).to.equal(
        "Valid",
      );
      expect(status.reason).to.equal("StatusMismatch");
      expect(status.details.actual).to.equal(String(w.status));
      expect(data.reason).to.equal("ReturnDataMismatch");
      expect(data.details.actual).to.equal(w.returndataHash);
      expect(gas.reason).to.equal("GasUsedMismatch");
      expect(gas.details.actual).to.equal(String(w.gasUsed));
      expect(gasUp.reason).to.equal("GasUsedMismatch");
      expect(gasUp.details.actual).to.equal(String(w.gasUsed));
    });
  }
});
