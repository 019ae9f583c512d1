import { expect } from "chai";
import { AbiCoder } from "ethers";
import fc from "fast-check";
import { messageWitness, sampleWitness } from "../test/arbitraries";
import { encodeAccessWitness } from "./encodeAccessWitness";
import { encodeMessageWitness } from "./encodeMessageWitness";
import { WitnessEncodeError } from "./errors";
import type { MessageWitness } from "./types";

const TUPLE =
  "tuple(bytes32,bytes32,bool,address,address,address,address,uint256,uint256,uint256,uint256,tuple(uint256,bytes32,bytes)[],uint256,bytes32,bytes)";

function ethersEncode(w: MessageWitness): string {
  const records = w.stateAccessList.map((r) => {
    const raw = encodeAccessWitness(r);
    return [raw.opcode, raw.stateRoot, raw.data];
  });
  return AbiCoder.defaultAbiCoder().encode(
    [TUPLE],
    [
      [
        w.stateRootEnter,
        w.stateRootLeave,
        w.isStatic,
        w.origin,
        w.caller,
        w.to,
        w.context,
        w.callvalue,
        w.gasPrice,
        w.gasAvailable,
        w.gasUsed,
        records,
        w.status,
        w.returndataHash,
        w.calldata,
      ],
    ],
  );
}

describe("encodeMessageWitness", () => {
  it("produces the bytes ethers' AbiCoder produces for abi.encode(tuple) (property)", () => {
    fc.assert(
      fc.property(messageWitness, (w) => {
        expect(encodeMessageWitness(w)).to.equal(ethersEncode(w));
      }),
      { numRuns: 200 },
    );
  });

  it("lays out the head words at the offsets of docs/witness-format.md (hand-checked)", () => {
    const w = sampleWitness();
    const hex = encodeMessageWitness(w).slice(2);
    const word = (i: number) => hex.slice(64 * i, 64 * i + 64);
    expect(word(0)).to.equal("20".padStart(64, "0")); // tuple offset
    expect(word(1)).to.equal("11".repeat(32)); // stateRootEnter at byte 32
    expect(word(3)).to.equal("0".repeat(64)); // isStatic at byte 96
    expect(word(4)).to.equal("0".repeat(24) + "aa".repeat(20)); // origin at byte 128
    expect(word(6)).to.equal("0".repeat(24) + "cc".repeat(20)); // to at byte 192
    expect(BigInt(`0x${word(8)}`)).to.equal(5n); // callvalue at byte 256
    expect(BigInt(`0x${word(11)}`)).to.equal(2500n); // gasUsed at byte 352
    expect(BigInt(`0x${word(12)}`)).to.equal(480n); // stateAccessList offset (relative to byte 32)
    expect(BigInt(`0x${word(13)}`)).to.equal(1n); // status at byte 416
    // list at byte 32 + 480 = 512 = word 16: length 2, then two element offsets (relative to word 17)
    expect(BigInt(`0x${word(16)}`)).to.equal(2n);
    expect(BigInt(`0x${word(17)}`)).to.equal(64n);
    // element 0 (SLOAD): opcode, stateRoot, data offset 96, data length 96 (3 words) => 7 words
    expect(BigInt(`0x${word(19)}`)).to.equal(0x54n);
    expect(BigInt(`0x${word(21)}`)).to.equal(96n);
    expect(BigInt(`0x${word(22)}`)).to.equal(96n);
    expect(BigInt(`0x${word(18)}`)).to.equal(64n + 7n * 32n);
    // element 1 (NUMBER): 4 + 1 words; calldata offset = list bytes (32 + 64 + 224 + 160) + 480
    expect(BigInt(`0x${word(15)}`)).to.equal(480n + 32n + 64n + 224n + 160n);
    expect(hex.length / 2).to.equal(32 + 480 + 480 + 64);
    expect(hex.slice(-64)).to.equal("deadbeef01" + "0".repeat(54));
  });

  it("names the field a bad value belongs to", () => {
    const bad = { ...sampleWitness(), origin: "0x1234" as `0x${string}` };
    expect(() => encodeMessageWitness(bad)).to.throw(WitnessEncodeError, /origin/);
    const badRecord = sampleWitness();
    (badRecord.stateAccessList[1] as { value: unknown }).value = -1n;
    expect(() => encodeMessageWitness(badRecord)).to.throw(WitnessEncodeError, /stateAccessList\[1\]\.value/);
    expect(() => encodeMessageWitness({ ...sampleWitness(), gasAvailable: 1n << 64n })).to.throw(
      WitnessEncodeError,
      /gasAvailable/,
    );
    const badStatus = { ...sampleWitness(), status: 3n as never };
    expect(() => encodeMessageWitness(badStatus)).to.throw(WitnessEncodeError, /status/);
  });
});
