import fc from "fast-check";
import { type AccessWitness, type FieldType, FrameStatus, type MessageWitness, RECORD_SCHEMAS } from "../src";

/** Test helpers: fast-check arbitraries for every witness type, derived from RECORD_SCHEMAS. */
export const hexBytes = (min: number, max: number) =>
  fc
    .uint8Array({ minLength: min, maxLength: max })
    .map((b) => `0x${Buffer.from(b).toString("hex")}` as `0x${string}`);
export const bytes32 = hexBytes(32, 32);
export const address = hexBytes(20, 20);
export const uint256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
export const int256 = fc.bigInt({ min: -(1n << 255n), max: (1n << 255n) - 1n });

const byType: Record<FieldType, fc.Arbitrary<unknown>> = {
  uint256,
  int256,
  bytes32,
  address,
  bool: fc.boolean(),
  bytes: hexBytes(0, 100),
};

/** An arbitrary typed record of any kind. */
export const accessWitness: fc.Arbitrary<AccessWitness> = fc.oneof(
  ...RECORD_SCHEMAS.map((schema) =>
    fc.tuple(bytes32, ...schema.fields.map((f) => byType[f.type])).map(([stateRoot, ...values]) => {
      const r: Record<string, unknown> = { op: schema.mnemonic, stateRoot };
      schema.fields.forEach((f, i) => {
        r[f.name] = values[i];
      });
      return r as unknown as AccessWitness;
    }),
  ),
);

export const messageWitness: fc.Arbitrary<MessageWitness> = fc.record({
  stateRootEnter: bytes32,
  stateRootLeave: bytes32,
  isStatic: fc.boolean(),
  origin: address,
  caller: address,
  to: address,
  context: address,
  callvalue: uint256,
  gasPrice: uint256,
  gasAvailable: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  gasUsed: uint256,
  stateAccessList: fc.array(accessWitness, { maxLength: 6 }),
  status: fc.constantFrom(FrameStatus.Revert, FrameStatus.Success, FrameStatus.Halt),
  returndataHash: bytes32,
  calldata: hexBytes(0, 200),
});

export const ZERO32 = `0x${"00".repeat(32)}` as const;

/** A small fixed witness used by example-style tests. */
export function sampleWitness(): MessageWitness {
  return {
    stateRootEnter: `0x${"11".repeat(32)}`,
    stateRootLeave: `0x${"22".repeat(32)}`,
    isStatic: false,
    origin: `0x${"aa".repeat(20)}`,
    caller: `0x${"bb".repeat(20)}`,
    to: `0x${"cc".repeat(20)}`,
    context: `0x${"cc".repeat(20)}`,
    callvalue: 5n,
    gasPrice: 7n,
    gasAvailable: 100000n,
    gasUsed: 2500n,
    stateAccessList: [
      {
        op: "SLOAD",
        stateRoot: `0x${"22".repeat(32)}`,
        key: ZERO32,
        value: `0x${"00".repeat(31)}2a`,
        warm: false,
      },
      { op: "NUMBER", stateRoot: `0x${"22".repeat(32)}`, value: 19000000n },
    ],
    status: FrameStatus.Success,
    returndataHash: `0x${"33".repeat(32)}`,
    calldata: "0xdeadbeef01",
  };
}
