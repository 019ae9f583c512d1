import { expect } from "chai";
import fc from "fast-check";
import { messageWitness, sampleWitness } from "../test/arbitraries";
import { decodeMessageWitness } from "./decodeMessageWitness";
import { decodeRawMessageWitness } from "./decodeRawMessageWitness";
import { encodeMessageWitness } from "./encodeMessageWitness";
import { encodeRawMessageWitness } from "./encodeRawMessageWitness";
import { RecordDecodeError, WitnessDecodeError } from "./errors";

describe("decodeMessageWitness", () => {
  it("inverts encodeMessageWitness (property)", () => {
    fc.assert(
      fc.property(messageWitness, (w) => {
        expect(decodeMessageWitness(encodeMessageWitness(w))).to.deep.equal(w);
      }),
      { numRuns: 200 },
    );
  });

  it("rejects a status other than 0, 1, 2", () => {
    const raw = decodeRawMessageWitness(encodeMessageWitness(sampleWitness()));
    const bytes = encodeRawMessageWitness({ ...raw, status: 3n });
    expect(() => decodeMessageWitness(bytes)).to.throw(WitnessDecodeError, /status/);
  });

  it("names the index of a record its schema rejects", () => {
    const raw = decodeRawMessageWitness(encodeMessageWitness(sampleWitness()));
    raw.stateAccessList[1] = { ...raw.stateAccessList[1], data: "0x00" };
    try {
      decodeMessageWitness(encodeRawMessageWitness(raw));
      expect.fail("should throw");
    } catch (e) {
      expect(e).to.be.instanceOf(RecordDecodeError);
      expect((e as RecordDecodeError).record).to.equal(1);
      expect((e as RecordDecodeError).field).to.equal("data");
    }
  });
});
