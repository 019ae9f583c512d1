import { expect } from "chai";
import { ZERO32, sampleWitness } from "../test/arbitraries";
import { computeRefund } from "./computeRefund";
import { sstoreRefund } from "./sstoreRefund";
import { FrameStatus } from "./types";

const w = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as `0x${string}`;
const sstore = (original: number, current: number, value: number) =>
  ({
    op: "SSTORE",
    stateRoot: ZERO32,
    key: ZERO32,
    original: w(original),
    current: w(current),
    value: w(value),
    warm: true,
  }) as const;

describe("computeRefund", () => {
  it("follows the EIP-3529 SSTORE refund table", () => {
    // (original, current, new) -> refund, from the EIP-3529 test cases' refund column
    const cases: [number, number, number, bigint][] = [
      [0, 0, 0, 0n],
      [0, 0, 1, 0n],
      [0, 1, 0, 19900n],
      [0, 1, 2, 0n],
      [1, 1, 0, 4800n],
      [1, 1, 2, 0n],
      [1, 0, 1, -4800n + 2800n],
      [1, 0, 2, -4800n],
      [1, 2, 0, 4800n],
      [1, 2, 1, 2800n],
      [1, 2, 3, 0n],
      [1, 1, 1, 0n],
    ];
    for (const [o, c, v, refund] of cases)
      expect(sstoreRefund(sstore(o, c, v)), `${o},${c},${v}`).to.equal(refund);
  });

  it("sums SSTOREs and successful children, and is 0 for a frame that did not succeed", () => {
    const frame = sampleWitness();
    frame.stateAccessList = [sstore(1, 1, 0), sstore(0, 1, 0)];
    expect(computeRefund(frame)).to.equal(4800n + 19900n);
    expect(computeRefund({ ...frame, status: FrameStatus.Revert })).to.equal(0n);
    expect(computeRefund({ ...frame, status: FrameStatus.Halt })).to.equal(0n);
  });
});
