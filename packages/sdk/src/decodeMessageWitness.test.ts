import { expect } from "chai";
import fc from "fast-check";
import { messageWitness } from "../test/arbitraries";
import { decodeMessageWitness } from "./decodeMessageWitness";
import { encodeMessageWitness } from "./encodeMessageWitness";

describe("decodeMessageWitness", () => {
  it("inverts encodeMessageWitness (property)", () => {
    fc.assert(
      fc.property(messageWitness, (w) => {
        expect(decodeMessageWitness(encodeMessageWitness(w))).to.deep.equal(w);
      }),
      { numRuns: 200 },
    );
  });
});
