import { expect } from "chai";
import { AbiCoder, Interface, id, keccak256 } from "ethers";
import { sampleWitness } from "../test/arbitraries";
import { decodeVerdict } from "./decodeVerdict";
import { encodeMessageWitness } from "./encodeMessageWitness";
import { InvalidArgumentError, VerdictDecodeError } from "./errors";
import { HYPERVISOR_ERRORS, HYPERVISOR_ERRORS_ABI, HYPERVISOR_ERRORS_JSON_ABI } from "./hypervisorErrors";

const calldata = encodeMessageWitness(sampleWitness());
const iface = new Interface(HYPERVISOR_ERRORS_ABI);

describe("decodeVerdict", () => {
  it("pins the error selectors to the signatures of docs/decisions.md", () => {
    const signatures = {
      MalformedWitness: "MalformedWitness(uint256,uint256,uint256)",
      CodeNotArchived: "CodeNotArchived(uint256,uint256,address)",
      RecordUnsupported: "RecordUnsupported(uint256,uint256,uint256)",
      RecordMissing: "RecordMissing(uint256,uint256,uint256)",
      RecordOpcodeMismatch: "RecordOpcodeMismatch(uint256,uint256,uint256,uint256)",
      RecordFieldMismatch: "RecordFieldMismatch(uint256,uint256,uint256)",
      RecordsNotConsumed: "RecordsNotConsumed(uint256,uint256)",
      StatusMismatch: "StatusMismatch(uint256,uint256,uint256)",
      ReturnDataMismatch: "ReturnDataMismatch(uint256,uint256,bytes32)",
      GasUsedMismatch: "GasUsedMismatch(uint256,uint256,uint256)",
    };
    expect(HYPERVISOR_ERRORS.map((e) => e.name)).to.deep.equal(Object.keys(signatures));
    for (const [name, sig] of Object.entries(signatures)) {
      expect(iface.getError(name)!.selector, name).to.equal(id(sig).slice(0, 10));
      expect(new Interface(HYPERVISOR_ERRORS_JSON_ABI).getError(name)!.format("sighash")).to.equal(sig);
    }
  });

  it("is valid only for abi.encode(keccak256(witness))", () => {
    const good = AbiCoder.defaultAbiCoder().encode(["bytes32"], [keccak256(calldata)]);
    expect(decodeVerdict({ reverted: false, data: good }, calldata)).to.deep.equal({
      verdict: "valid",
      witnessHash: keccak256(calldata),
    });
    expect(decodeVerdict({ reverted: false, data: good }, sampleWitness()).verdict).to.equal("valid");
    const wrong = AbiCoder.defaultAbiCoder().encode(["bytes32"], [keccak256("0x01")]);
    expect(() => decodeVerdict({ reverted: false, data: wrong }, calldata)).to.throw(
      VerdictDecodeError,
      /valid answer/,
    );
    expect(() => decodeVerdict({ reverted: false, data: "0x" }, calldata)).to.throw(VerdictDecodeError);
  });

  it("is inconclusive for empty revert data and CodeNotArchived", () => {
    expect(decodeVerdict({ reverted: true, data: "0x" }, calldata)).to.deep.include({
      verdict: "inconclusive",
      reason: "OutOfHostGas",
    });
    const data = iface.encodeErrorResult("CodeNotArchived", [3n, 0n, "0x" + "ab".repeat(20)]);
    expect(decodeVerdict({ reverted: true, data }, calldata)).to.deep.equal({
      verdict: "inconclusive",
      reason: "CodeNotArchived",
      pc: 3n,
      record: 0n,
      args: { account: "0x" + "ab".repeat(20) },
      data,
    });
  });

  it("decodes every other error as invalid with pc, record and its arguments", () => {
    for (const spec of HYPERVISOR_ERRORS) {
      if (spec.name === "CodeNotArchived") continue;
      const extra = spec.extra.map((a, i) =>
        a.type === "bytes32" ? "0x" + "cd".repeat(32) : BigInt(100 + i),
      );
      const data = iface.encodeErrorResult(spec.name, [17n, 4n, ...extra]);
      const v = decodeVerdict({ reverted: true, data }, calldata);
      expect(v).to.deep.include({
        verdict: "invalid",
        reason: spec.name,
        band: spec.band,
        pc: 17n,
        record: 4n,
        args: Object.fromEntries(spec.extra.map((a, i) => [a.name, extra[i]])),
        data,
      });
      expect((v as { detail: string }).detail)
        .to.be.a("string")
        .and.not.equal("");
    }
  });

  it("explains record and execution mismatches against the witness", () => {
    // the sample witness: record 0 SLOAD(key, value, warm), record 1 NUMBER; gasUsed 2500; status 1
    const detail = (name: string, args: unknown[]) =>
      (
        decodeVerdict({ reverted: true, data: iface.encodeErrorResult(name, args) }, calldata) as {
          detail: string;
        }
      ).detail;
    expect(detail("RecordFieldMismatch", [5n, 0n, 1n])).to.equal(
      "record 0 (SLOAD) field 1 `value` (its current value) differs from what the guest computed",
    );
    expect(detail("RecordOpcodeMismatch", [5n, 1n, 0x54n, 0x43n])).to.equal(
      "record 1 answers opcode 0x43 (NUMBER), the guest executes 0x54 (SLOAD)",
    );
    expect(detail("GasUsedMismatch", [5n, 2n, 2600n])).to.equal(
      "the witness says gasUsed 2500, the execution used 2600",
    );
    expect(detail("StatusMismatch", [5n, 2n, 2n])).to.equal(
      "the witness says status 1 (success), the execution ended with 2 (exceptional halt)",
    );
    expect(detail("RecordsNotConsumed", [5n, 1n])).to.match(/1 of 2 records left/);
    // without a decodable witness: the error alone
    const bare = decodeVerdict(
      { reverted: true, data: iface.encodeErrorResult("RecordFieldMismatch", [1n, 0n, 2n]) },
      "0x",
    );
    expect((bare as { detail: string }).detail).to.match(/record 0, field 2/);
  });

  it("rejects undeclared selectors, wrong lengths and non-canonical arguments", () => {
    expect(() => decodeVerdict({ reverted: true, data: "0x08c379a0" }, calldata)).to.throw(
      VerdictDecodeError,
      /declared/,
    );
    const ok = iface.encodeErrorResult("GasUsedMismatch", [1n, 2n, 3n]);
    expect(() => decodeVerdict({ reverted: true, data: ok.slice(0, -2) }, calldata)).to.throw(
      VerdictDecodeError,
    );
    expect(() => decodeVerdict({ reverted: true, data: ok + "00".repeat(32) }, calldata)).to.throw(
      VerdictDecodeError,
      /words/,
    );
    const badAddress = iface.encodeErrorResult("CodeNotArchived", [1n, 2n, "0x" + "00".repeat(20)]);
    const dirty = badAddress.slice(0, -64) + "ff" + badAddress.slice(-62);
    expect(() => decodeVerdict({ reverted: true, data: dirty }, calldata)).to.throw(VerdictDecodeError);
    expect(() => decodeVerdict({ reverted: true, data: "0xzz" }, calldata)).to.throw(
      VerdictDecodeError,
      /hex/,
    );
  });
});
