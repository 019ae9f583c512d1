import { type MessageWitness, type RawAccessWitness, encodeRawMessageWitness } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { auditFrames } from "../../lib/auditFrames";
import type { Hex } from "../../lib/types";
import { runNative } from "../differential/helpers/runNative";
import { type Deployed, deployAll } from "./helpers";

const ZERO32 = `0x${"00".repeat(32)}` as Hex;
const word = (v: bigint) => v.toString(16).padStart(64, "0");

/** Records smuggled into, or withheld from, a frame's access list never make a false witness valid. */
describe("adversarial: smuggled and withheld records", function () {
  this.timeout(300_000);
  let d: Deployed;
  let plain: { witness: MessageWitness; code: Record<string, Hex> };
  let sload: { witness: MessageWitness; code: Record<string, Hex> };

  before(async () => {
    d = await deployAll();
    const a = await runNative(d.host, {
      name: "plain",
      source: "PUSH1 1 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN",
      expect: "success",
    });
    plain = { witness: a.frame.witness, code: a.frame.code as Record<string, Hex> };
    const b = await runNative(d.host, {
      name: "sload",
      source: "PUSH1 7 SLOAD PUSH0 MSTORE PUSH1 32 PUSH0 RETURN",
      expect: "success",
    });
    sload = { witness: b.frame.witness, code: b.frame.code as Record<string, Hex> };
  });

  const audit = async (
    f: { witness: MessageWitness; code: Record<string, Hex> },
    list: RawAccessWitness[],
    label: string,
  ) => {
    const calldata = encodeRawMessageWitness({
      ...f.witness,
      stateAccessList: list,
      status: f.witness.status,
    });
    const [a] = await auditFrames(
      d.host,
      [{ file: label, frame: "0", witness: f.witness, code: f.code, calldata }],
      {
        hypervisor: d.hypervisor,
        factory: d.factory,
        measureGas: false,
      },
    );
    return a;
  };

  it("a well-formed SLOAD record appended to a frame that reads no storage: RecordsNotConsumed", async () => {
    const a = await audit(
      plain,
      [{ opcode: 0x54n, stateRoot: ZERO32, data: `0x${word(7n)}${word(5n)}${word(1n)}` }],
      "extra",
    );
    expect([a.verdict, a.reason]).to.deep.equal(["invalid", "RecordsNotConsumed"]);
  });

  it("a record for an opcode without a schema (ADD), or with data of the wrong length: never valid", async () => {
    for (const [label, rec] of [
      ["ADD record", { opcode: 0x01n, stateRoot: ZERO32, data: "0x" }],
      ["short SLOAD record", { opcode: 0x54n, stateRoot: ZERO32, data: `0x${word(7n)}` }],
      ["opcode 2^255", { opcode: 1n << 255n, stateRoot: ZERO32, data: "0x" }],
    ] as [string, RawAccessWitness][]) {
      const a = await audit(plain, [rec], label);
      expect(a.verdict, `${label}: ${a.reason}`).to.equal("invalid");
      expect(["MalformedWitness", "RecordsNotConsumed"], label).to.include(a.reason);
    }
  });

  it("the SLOAD frame with its record withheld: never valid (RecordMissing, or RecordUnsupported)", async () => {
    expect(sload.witness.stateAccessList.length, "the recorder records the SLOAD").to.equal(1);
    const a = await audit(sload, [], "withheld");
    expect(a.verdict).to.equal("invalid");
    expect(["RecordMissing", "RecordUnsupported"]).to.include(a.reason);
  });

  it("the SLOAD frame with its true record: valid, or RecordUnsupported while SLOAD checks are not implemented", async () => {
    const [a] = await auditFrames(
      d.host,
      [{ file: "sload", frame: "0", witness: sload.witness, code: sload.code }],
      {
        hypervisor: d.hypervisor,
        factory: d.factory,
        measureGas: false,
      },
    );
    expect(["Valid", "RecordUnsupported"]).to.include(a.reason);
    if (a.reason === "RecordUnsupported") {
      expect(a.verdict).to.equal("invalid");
      expect(a.details.opcode).to.equal("84"); // 0x54
      expect(a.pc).to.equal(2);
      expect(a.record).to.equal(0);
    }
  });
});
