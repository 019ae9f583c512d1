import { expect } from "chai";
import { DebugTraceUnavailableError, TraceError } from "./errors";
import { normalizeStructLogs } from "./normalizeStructLogs";

const word = (n: number) => n.toString(16).padStart(64, "0");

describe("normalizeStructLogs", () => {
  it("reads Hardhat's shape: words without 0x, memory as an array of words", () => {
    const steps = normalizeStructLogs({
      structLogs: [
        { depth: 1, gas: 100, gasCost: 3, op: "PUSH1", pc: 0, stack: [], memory: [], storage: {} },
        {
          depth: 1,
          gas: 97,
          gasCost: 30,
          op: "KECCAK256",
          pc: 2,
          stack: [word(0), word(32)],
          memory: [word(7)],
        },
      ],
    });
    expect(steps[1]).to.deep.include({
      index: 1,
      pc: 2,
      op: "KECCAK256",
      opcode: 0x20,
      gas: 97n,
      gasCost: 30n,
      depth: 1,
    });
    expect(steps[1].stack).to.deep.equal([0n, 32n]);
    expect(steps[1].memory).to.equal(word(7));
    expect(steps[1].refund).to.equal(undefined);
  });

  it("reads anvil's and geth's shape: 0x words, unpadded stack, refund, legacy mnemonics", () => {
    const steps = normalizeStructLogs({
      structLogs: [
        {
          pc: 0,
          op: "SHA3",
          gas: 10,
          gasCost: 36,
          depth: 1,
          stack: ["0x0", "0x20"],
          memory: [`0x${word(1)}`],
          refund: 4800,
        },
        { pc: 1, op: "DIFFICULTY", gas: 9, gasCost: 2, depth: 1, stack: [], refund: 0 },
      ],
    });
    expect(steps.map((s) => [s.op, s.opcode])).to.deep.equal([
      ["KECCAK256", 0x20],
      ["PREVRANDAO", 0x44],
    ]);
    expect(steps[0].stack).to.deep.equal([0n, 32n]);
    expect(steps[0].memory).to.equal(word(1));
    expect(steps[0].refund).to.equal(4800n);
    // geth omits empty fields: a step without memory has none.
    expect(steps[1].memory).to.equal("");
  });

  it("reads hex-string gas, memory as one string and depth counted from 0", () => {
    const [s] = normalizeStructLogs({
      structLogs: [
        {
          pc: "0x5",
          op: "MLOAD",
          gas: "0x5208",
          gasCost: "3",
          depth: 0,
          stack: ["0x0"],
          memory: `0x${word(2)}${word(3)}`,
        },
      ],
    });
    expect([s.pc, s.gas, s.gasCost, s.depth]).to.deep.equal([5, 21000n, 3n, 1]);
    expect(s.memory).to.equal(word(2) + word(3));
  });

  it("keeps a name the opcode table lacks, with no opcode, and the node's error", () => {
    const [s] = normalizeStructLogs({
      structLogs: [
        {
          pc: 0,
          op: "opcode 0xef not defined",
          gas: 5,
          gasCost: 0,
          depth: 1,
          stack: [],
          memory: [],
          error: "invalid opcode",
        },
      ],
    });
    expect([s.op, s.opcode, s.error]).to.deep.equal(["OPCODE 0XEF NOT DEFINED", undefined, "invalid opcode"]);
  });

  it("fails on a node that did not send memory or stack, or no struct logs at all", () => {
    expect(() =>
      normalizeStructLogs({ structLogs: [{ pc: 0, op: "STOP", gas: 1, gasCost: 0, depth: 1, stack: [] }] }),
    ).to.throw(DebugTraceUnavailableError, /no memory/);
    expect(() =>
      normalizeStructLogs({ structLogs: [{ pc: 0, op: "STOP", gas: 1, gasCost: 0, depth: 1, memory: [] }] }),
    ).to.throw(DebugTraceUnavailableError, /step 0 has no stack/);
    expect(() => normalizeStructLogs({ type: "CALL", calls: [] })).to.throw(
      DebugTraceUnavailableError,
      /no structLogs/,
    );
    expect(normalizeStructLogs({ structLogs: [] })).to.deep.equal([]);
  });

  it("names the step of a malformed word", () => {
    const logs = [
      { pc: 0, op: "PUSH1", gas: 3, gasCost: 3, depth: 1, stack: [], memory: [] },
      { pc: 2, op: "POP", gas: 0, gasCost: 2, depth: 1, stack: ["0xzz"], memory: [] },
    ];
    expect(() => normalizeStructLogs({ structLogs: logs }))
      .to.throw(TraceError, /trace step 1 .*stack is not a number/)
      .with.property("step", 1);
    const badMemory = [{ pc: 0, op: "STOP", gas: 1, gasCost: 0, depth: 1, stack: [], memory: ["0x1234"] }];
    expect(() => normalizeStructLogs({ structLogs: badMemory })).to.throw(TraceError, /32-byte hex words/);
  });
});
