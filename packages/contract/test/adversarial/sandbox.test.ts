import { FrameStatus, type MessageWitness, encodeRawMessageWitness } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { keccak256 } from "ethers";
import { auditFrames } from "../../lib/auditFrames";
import type { Hex } from "../../lib/types";
import type { DiffCase } from "../differential/helpers/cases";
import { runNative } from "../differential/helpers/runNative";
import { type Deployed, deployAll } from "./helpers";

const U256 = (1n << 256n) - 1n;
const hex = (v: bigint) => `0x${v.toString(16)}`;
const EMPTY_HASH = keccak256("0x") as Hex;

/** Distances below 2^256: `2^256 - k` lands, after a wrapping relocation, k bytes below the guest base. */
const WRAPS = [1n, 0x20n, 0x40n, 0x100n, 0x400n, 0x1000n, 0x4000n, 0x10000n, 0x40000n];

/** Guests that try to write, read or copy outside guest memory. Natively each ends as `expect`. */
function escapeCases(): DiffCase[] {
  const cases: DiffCase[] = [];
  for (const k of WRAPS) {
    const at = hex((1n << 256n) - k);
    cases.push(
      { name: `MSTORE at 2^256-${k}`, source: `PUSH1 0x42 PUSH32 ${at} MSTORE STOP`, expect: "halt" },
      { name: `MSTORE8 at 2^256-${k}`, source: `PUSH1 0x42 PUSH32 ${at} MSTORE8 STOP`, expect: "halt" },
      {
        name: `MLOAD at 2^256-${k}`,
        source: `PUSH32 ${at} MLOAD PUSH0 MSTORE PUSH1 32 PUSH0 RETURN`,
        expect: "halt",
      },
      {
        name: `CALLDATACOPY into 2^256-${k}`,
        source: `PUSH1 32 PUSH0 PUSH32 ${at} CALLDATACOPY STOP`,
        calldata: `0x${"ff".repeat(32)}`,
        expect: "halt",
      },
      {
        name: `CODECOPY into 2^256-${k}`,
        source: `PUSH1 64 PUSH0 PUSH32 ${at} CODECOPY STOP`,
        expect: "halt",
      },
      { name: `MCOPY into 2^256-${k}`, source: `PUSH1 32 PUSH0 PUSH32 ${at} MCOPY STOP`, expect: "halt" },
      {
        name: `MCOPY from 2^256-${k}`,
        source: `PUSH1 32 PUSH32 ${at} PUSH0 MCOPY PUSH1 32 PUSH0 RETURN`,
        expect: "halt",
      },
      { name: `KECCAK256 at 2^256-${k}`, source: `PUSH1 64 PUSH32 ${at} KECCAK256 STOP`, expect: "halt" },
      { name: `RETURN from 2^256-${k}`, source: `PUSH1 32 PUSH32 ${at} RETURN`, expect: "halt" },
      { name: `REVERT from 2^256-${k}`, source: `PUSH1 32 PUSH32 ${at} REVERT`, expect: "halt" },
    );
  }
  const near = [U256, U256 - 31n, 1n << 255n, 1n << 64n];
  for (const len of near) {
    cases.push(
      {
        name: `CALLDATACOPY length ${hex(len)}`,
        source: `PUSH32 ${hex(len)} PUSH0 PUSH0 CALLDATACOPY STOP`,
        expect: "halt",
      },
      {
        name: `CODECOPY length ${hex(len)}`,
        source: `PUSH32 ${hex(len)} PUSH0 PUSH0 CODECOPY STOP`,
        expect: "halt",
      },
      {
        name: `MCOPY length ${hex(len)}`,
        source: `PUSH32 ${hex(len)} PUSH0 PUSH1 32 MCOPY STOP`,
        expect: "halt",
      },
      {
        name: `RETURNDATACOPY length ${hex(len)}`,
        source: `PUSH32 ${hex(len)} PUSH0 PUSH0 RETURNDATACOPY STOP`,
        expect: "halt",
      },
      {
        name: `KECCAK256 length ${hex(len)}`,
        source: `PUSH32 ${hex(len)} PUSH0 KECCAK256 STOP`,
        expect: "halt",
      },
    );
  }
  // Wrapped additions: offset + size overflows 2^256 and would land in low memory.
  for (const [off, size] of [
    [U256 - 15n, 32n],
    [U256, 2n],
    [1n << 255n, 1n << 255n],
  ] as const) {
    cases.push({
      name: `CALLDATACOPY offset ${hex(off)} + size ${hex(size)} wraps`,
      source: `PUSH32 ${hex(size)} PUSH0 PUSH32 ${hex(off)} CALLDATACOPY STOP`,
      expect: "halt",
    });
    cases.push({
      name: `MCOPY source ${hex(off)} + size ${hex(size)} wraps`,
      source: `PUSH32 ${hex(size)} PUSH32 ${hex(off)} PUSH0 MCOPY STOP`,
      expect: "halt",
    });
  }
  // Zero-size accesses at huge offsets are legal and free of expansion: the guest goes on and returns.
  cases.push({
    name: "zero-size copies at 2^256-1 then a normal return",
    source: [
      `PUSH0 PUSH0 PUSH32 ${hex(U256)} CALLDATACOPY`,
      `PUSH0 PUSH32 ${hex(U256)} PUSH32 ${hex(U256)} CODECOPY`,
      `PUSH0 PUSH32 ${hex(U256)} PUSH32 ${hex(U256)} MCOPY`,
      `PUSH0 PUSH32 ${hex(U256)} KECCAK256`,
      "PUSH0 MSTORE MSIZE PUSH1 32 MSTORE PUSH1 64 PUSH0 RETURN",
    ].join(" "),
    expect: "success",
  });
  return cases;
}

/** False claims about a frame: success with several return data and gas figures, a revert, a halt. */
function forgeries(
  w: MessageWitness,
): { label: string; change: Partial<MessageWitness> & { status?: bigint } }[] {
  const claims: { label: string; change: Partial<MessageWitness> & { status?: bigint } }[] = [];
  for (const status of [FrameStatus.Success, FrameStatus.Revert, FrameStatus.Halt]) {
    for (const gasUsed of [0n, 3n, w.gasUsed, w.gasAvailable]) {
      for (const returndataHash of [EMPTY_HASH, w.returndataHash]) {
        const change = { status, gasUsed, returndataHash };
        if (status === w.status && gasUsed === w.gasUsed && returndataHash === w.returndataHash) continue;
        claims.push({
          label: `status ${status} gasUsed ${gasUsed} data ${returndataHash.slice(0, 10)}`,
          change,
        });
      }
    }
  }
  return claims;
}

describe("adversarial: guests that try to escape the sandbox cannot change the verdict", function () {
  this.timeout(600_000);
  let d: Deployed;
  before(async () => {
    d = await deployAll();
  });

  for (const c of escapeCases()) {
    it(c.name, async () => {
      const run = await runNative(d.host, c);
      const w = run.frame.witness;
      const statuses: Record<string, bigint> = {
        success: FrameStatus.Success,
        revert: FrameStatus.Revert,
        halt: FrameStatus.Halt,
      };
      const expected = statuses[c.expect];
      expect(w.status, "native outcome").to.equal(expected as bigint);
      const base = { file: c.name, witness: w, code: run.frame.code };
      const forged = forgeries(w);
      const audits = await auditFrames(
        d.host,
        [
          { ...base, frame: "true" },
          ...forged.map((f) => ({
            ...base,
            frame: f.label,
            calldata: encodeRawMessageWitness({
              ...w,
              ...f.change,
              stateAccessList: [],
              status: f.change.status ?? w.status,
            }),
          })),
        ],
        { hypervisor: d.hypervisor, factory: d.factory, measureGas: false },
      );
      expect(audits[0].reason, `true witness: ${JSON.stringify(audits[0].details)}`).to.equal("Valid");
      const accepted = audits.slice(1).filter((a) => a.verdict !== "invalid");
      expect(
        accepted.map((a) => `${a.frame}: ${a.reason}`),
        "every false claim is rejected",
      ).to.deep.equal([]);
    });
  }
});
