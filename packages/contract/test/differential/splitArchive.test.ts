import { encodeRawMessageWitness } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { concat, keccak256 } from "ethers";
import { archiveCode } from "../../lib/archiveCode";
import { auditFrames } from "../../lib/auditFrames";
import type { AuditHost, Hex } from "../../lib/types";
import { deployAudit } from "./helpers/deployAudit";
import { asm } from "./helpers/lookup";
import { runNative } from "./helpers/runNative";

/** Code bytes in archive part 0; byte 24575 on is in part 1 (docs/hypervisor.md section 2). */
const PART = 24575;

/** `prefix` (assembler source), INVALID filler up to byte `at`, then `tail` (assembler source). */
const layout = (prefix: string, at: number, tail: string): string => {
  const fill = at - (asm(prefix).length - 2) / 2;
  if (fill < 0) throw new Error("prefix too long");
  return `${prefix} 0x${"fe".repeat(fill)} ${tail}`;
};

const getCode = async (host: AuditHost, a: Hex) =>
  (await host.provider.request({ method: "eth_getCode", params: [a, "latest"] })) as Hex;

describe("guest code over one archive part (EIP-170 maximum 24576 bytes): audited from two parts", function () {
  this.timeout(300_000);
  let host: AuditHost;
  let factory: Hex;
  let hypervisor: Hex;
  before(async () => {
    ({ host, factory, hypervisor } = await deployAudit());
  });

  /** Runs `source` natively, audits the true witness and wrong gasUsed / returndataHash ones. */
  const auditBothWays = async (name: string, source: string, size: number) => {
    const run = await runNative(host, { name, source, expect: "success" });
    expect((run.code.length - 2) / 2, "program size").to.equal(size);
    const w = run.frame.witness;
    const mutated = (change: object): Hex =>
      encodeRawMessageWitness({ ...w, ...change, stateAccessList: [] } as never);
    const base = { file: name, witness: w, code: run.frame.code };
    const [truth, gasDown, gasUp, data] = await auditFrames(
      host,
      [
        { ...base, frame: "true" },
        { ...base, frame: "gasUsed-1", calldata: mutated({ gasUsed: w.gasUsed - 1n }) },
        { ...base, frame: "gasUsed+1", calldata: mutated({ gasUsed: w.gasUsed + 1n }) },
        {
          ...base,
          frame: "returndataHash",
          calldata: mutated({ returndataHash: keccak256(`${w.returndataHash}01`) }),
        },
      ],
      { hypervisor, factory, measureGas: false },
    );
    expect(
      truth.reason,
      `true witness ${JSON.stringify(truth.details)} at pc ${truth.pc}: ${truth.explanation}`,
    ).to.equal("Valid");
    expect(gasDown.reason).to.equal("GasUsedMismatch");
    expect(gasUp.reason).to.equal("GasUsedMismatch");
    expect(data.reason).to.equal("ReturnDataMismatch");
    return { run, w };
  };

  it("exactly 24576 bytes: CODECOPY/CODESIZE across the boundary steer a JUMP to the last byte (part 1)", async () => {
    // mem[0..32] = code[24575..24607] (the last byte, then zeros past the end); mem[32..64] =
    // code[24560..24592] (15 filler bytes, the last byte, zeros). dest = CODESIZE - 1 + (hash != expected):
    // 24575, the JUMPDEST in part 1, only if both copies and CODESIZE saw the real code; anything else
    // lands on filler or past the end and halts.
    const expected = keccak256(
      concat([`0x5b${"00".repeat(31)}`, `0x${"fe".repeat(15)}5b${"00".repeat(16)}`]),
    );
    const prefix = [
      `PUSH1 32 PUSH2 ${PART} PUSH0 CODECOPY`,
      `PUSH1 32 PUSH2 ${PART - 15} PUSH1 32 CODECOPY`,
      `PUSH1 64 PUSH0 KECCAK256 PUSH32 ${expected} EQ ISZERO`,
      "PUSH1 1 CODESIZE SUB ADD JUMP",
    ].join(" ");
    const source = layout(prefix, PART, "JUMPDEST");
    const { w } = await auditBothWays("24576 bytes", source, 24576);
    expect(w.returndataHash).to.equal(keccak256("0x"));
    // The native run did reach the JUMPDEST (a halt would have used all the gas).
    expect(w.gasUsed < 100_000n, `gasUsed ${w.gasUsed}`).to.equal(true);
    const archive = (await archiveCode(host, factory, w.to)) as Hex;
    expect((await getCode(host, archive)).length, "part 0: 0x00 ++ 24575 bytes").to.equal(2 + 2 * 24576);
  });

  it("24600 bytes: CODECOPY of the whole code after a forced block (its byte changed in the code stream) and CODESIZE", async () => {
    // 300 PUSH0 in a row force a block split (docs/hypervisor.md 5.3): the stream's opcode byte there
    // becomes 0x0c, so CODECOPY must read the archive parts, never memory. The hash of all code is returned.
    const prefix = [
      "PUSH0 ".repeat(300),
      "CODESIZE PUSH0 PUSH1 64 CODECOPY", // mem[64..] = the whole code, across both parts
      "CODESIZE PUSH1 64 KECCAK256 PUSH0 MSTORE CODESIZE PUSH1 32 MSTORE",
      `PUSH2 ${PART} JUMP`,
    ].join(" ");
    const source = layout(prefix, PART, `JUMPDEST PUSH1 64 PUSH0 RETURN 0x${"ab".repeat(20)}`);
    const { w, run } = await auditBothWays("24600 bytes, forced block", source, 24600);
    expect(w.returndataHash).to.equal(
      keccak256(concat([keccak256(run.code), `0x${(24600).toString(16).padStart(64, "0")}`])),
    );
  });

  it("24600 bytes: a JUMP into part 1 runs a tail that RETURNs code copied across the boundary and CODESIZE", async () => {
    const prefix = [
      `PUSH1 64 PUSH2 ${PART - 20} PUSH0 CODECOPY`, // code[24555..24619]: filler, the tail, zeros past the end
      "CODESIZE PUSH1 64 MSTORE",
      `PUSH2 ${PART} JUMP`, // the JUMPDEST at the first byte of part 1
    ].join(" ");
    const tail = "JUMPDEST PUSH1 96 PUSH0 RETURN 0x0102030405060708090a0b0c0d0e0f1011121314";
    const source = layout(prefix, PART, tail);
    const { w, run } = await auditBothWays("24600 bytes", source, 24600);
    const code = run.code.slice(2);
    const copied = `0x${code.slice(2 * (PART - 20))}${"00".repeat(64 - (24600 - (PART - 20)))}`;
    expect(w.returndataHash).to.equal(
      keccak256(concat([copied, `0x${(24600).toString(16).padStart(64, "0")}`])),
    );
  });
});
