import { expect } from "chai";
import fc from "fast-check";
import {
  IsoSdkError,
  decodeAccessWitness,
  decodeMessageWitness,
  decodeRawMessageWitness,
  decodeVerdict,
  encodeAccessWitness,
  encodeMessageWitness,
  encodeRawMessageWitness,
  parseWitnessFile,
  serializeWitnessFile,
} from "../src";
import { hexBytes, sampleWitness } from "./arbitraries";

/** Runs f and fails unless it returns or throws an IsoSdkError (never a raw Type/Range/ABI error). */
function onlyTypedErrors(f: () => unknown) {
  try {
    f();
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(IsoSdkError);
  }
}

/** Any JSON-ish value, plus bigints and hex strings in places. */
const junk = fc.oneof(fc.anything(), hexBytes(0, 40), fc.bigInt(), fc.constant(null), fc.constant(undefined));

describe("malformed input never escapes as a raw error", () => {
  it("decoders on arbitrary bytes", () => {
    fc.assert(
      fc.property(hexBytes(0, 700), (hex) => {
        onlyTypedErrors(() => decodeRawMessageWitness(hex));
        onlyTypedErrors(() => decodeMessageWitness(hex));
        onlyTypedErrors(() => decodeVerdict({ reverted: true, data: hex }, "0x"));
        onlyTypedErrors(() => decodeVerdict({ reverted: false, data: hex }, "0x"));
      }),
      { numRuns: 500 },
    );
  });

  it("encoders, record decoders and the file parser on arbitrary values", () => {
    fc.assert(
      fc.property(junk, junk, fc.constantFrom(...Object.keys(sampleWitness())), (a, b, key) => {
        const w = { ...sampleWitness(), [key]: a } as never;
        onlyTypedErrors(() => encodeMessageWitness(w));
        onlyTypedErrors(() => encodeRawMessageWitness(w));
        onlyTypedErrors(() => encodeAccessWitness(a as never));
        onlyTypedErrors(() => decodeAccessWitness({ opcode: a, stateRoot: b, data: a } as never));
        onlyTypedErrors(() =>
          decodeAccessWitness({ opcode: 0x54n, stateRoot: `0x${"00".repeat(32)}`, data: a } as never),
        );
        onlyTypedErrors(() => parseWitnessFile(a));
        onlyTypedErrors(() =>
          parseWitnessFile(
            JSON.stringify({ version: 1, witness: a, chainId: b }, (_, v) =>
              typeof v === "bigint" ? `${v}` : v,
            ),
          ),
        );
        onlyTypedErrors(() =>
          serializeWitnessFile({
            version: 1,
            chainId: 1n,
            blockNumber: 1n,
            transactionHash: `0x${"00".repeat(32)}`,
            path: [],
            witness: w,
            code: {},
          }),
        );
      }),
      { numRuns: 500 },
    );
  });
});
