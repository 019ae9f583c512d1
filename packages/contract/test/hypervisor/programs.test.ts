import { expect } from "chai";
import { keccak256 } from "ethers";
import { asm } from "../differential/helpers/lookup";
import { type Deployed, type Hex, audit, deploy, encodeWitness, runNative, trueWitness } from "./helpers";

/**
 * Differential: each program runs natively (top frame of a transaction on the in-process network), its true
 * witness is built from the trace, and the hypervisor must accept it; then a wrong status, return data hash
 * and gas used must each be rejected with its error, the pc of the instruction that ended the frame and the
 * actual value.
 */
const RET = "PUSH0 MSTORE PUSH1 32 PUSH0 RETURN"; // return the top of the stack as one word
const M = (2n ** 256n - 1n).toString();

interface Program {
  name: string;
  source: string;
  calldata?: Hex;
  gas?: bigint;
  expect: 0n | 1n | 2n;
}

const programs: Program[] = [
  { name: "add", source: `PUSH1 1 PUSH1 2 ADD ${RET}`, expect: 1n },
  { name: "sub wraps", source: `PUSH1 2 PUSH1 1 SUB ${RET}`, expect: 1n },
  { name: "mul, div by zero", source: `PUSH1 0 PUSH1 7 DIV PUSH1 3 PUSH1 5 MUL ADD ${RET}`, expect: 1n },
  {
    name: "sdiv/smod negative",
    source: `PUSH1 3 PUSH32 ${M} PUSH1 7 SUB SDIV PUSH1 3 PUSH1 0 PUSH1 8 SUB SMOD XOR ${RET}`,
    expect: 1n,
  },
  { name: "mod by zero", source: `PUSH0 PUSH1 9 MOD ${RET}`, expect: 1n },
  {
    name: "addmod/mulmod",
    source: `PUSH1 7 PUSH32 ${M} PUSH32 ${M} ADDMOD PUSH1 7 PUSH32 ${M} DUP1 MULMOD ADD ${RET}`,
    expect: 1n,
  },
  {
    name: "exp with dynamic gas",
    source: `PUSH2 0x0101 PUSH1 3 EXP PUSH32 ${M} PUSH1 2 EXP ADD PUSH0 PUSH0 EXP ADD ${RET}`,
    expect: 1n,
  },
  {
    name: "signextend",
    source: `PUSH1 0xff PUSH1 0 SIGNEXTEND PUSH2 0x7fff PUSH1 1 SIGNEXTEND XOR PUSH1 5 PUSH1 40 SIGNEXTEND XOR ${RET}`,
    expect: 1n,
  },
  {
    name: "comparisons",
    source: `PUSH1 1 PUSH1 2 LT PUSH1 1 PUSH1 2 GT PUSH32 ${M} PUSH1 0 SLT PUSH32 ${M} PUSH1 0 SGT PUSH1 4 PUSH1 4 EQ PUSH0 ISZERO ADD ADD ADD ADD ADD ${RET}`,
    expect: 1n,
  },
  {
    name: "bitwise",
    source: `PUSH1 0x0f PUSH1 0x3c AND PUSH1 0x0f PUSH1 0x30 OR XOR PUSH1 0xff XOR NOT ${RET}`,
    expect: 1n,
  },
  {
    name: "byte",
    source: `PUSH32 0x0102030405060708091011121314151617181920212223242526272829303132 PUSH1 31 BYTE PUSH1 0x10 PUSH1 32 BYTE ADD ${RET}`,
    expect: 1n,
  },
  {
    name: "shifts by 256 and more",
    source: `PUSH1 1 PUSH2 256 SHL PUSH32 ${M} PUSH2 300 SHR ADD PUSH32 ${M} PUSH2 999 SAR ADD PUSH1 1 PUSH1 255 SHL PUSH1 4 SAR ADD ${RET}`,
    expect: 1n,
  },
  { name: "clz", source: `PUSH0 CLZ PUSH1 1 CLZ ADD PUSH32 ${M} CLZ ADD ${RET}`, expect: 1n },
  {
    name: "keccak256",
    source: `PUSH1 0xaa PUSH0 MSTORE8 PUSH1 1 PUSH0 KECCAK256 PUSH0 PUSH1 40 KECCAK256 XOR ${RET}`,
    expect: 1n,
  },
  {
    name: "frame facts",
    source: `ADDRESS CALLER XOR ORIGIN XOR CALLVALUE XOR GASPRICE XOR CODESIZE XOR ${RET}`,
    expect: 1n,
  },
  {
    name: "calldata",
    calldata: "0x0102030405",
    source: `PUSH0 CALLDATALOAD PUSH1 3 CALLDATALOAD XOR PUSH1 200 CALLDATALOAD XOR PUSH32 ${M} CALLDATALOAD XOR CALLDATASIZE XOR ${RET}`,
    expect: 1n,
  },
  {
    name: "calldatacopy past the end",
    calldata: "0xdeadbeef",
    source: `PUSH1 40 PUSH1 2 PUSH1 5 CALLDATACOPY PUSH1 8 PUSH32 ${M} PUSH1 64 CALLDATACOPY PUSH1 96 PUSH0 RETURN`,
    expect: 1n,
  },
  {
    name: "codecopy past the end",
    source: `PUSH1 64 PUSH1 3 PUSH1 1 CODECOPY PUSH1 9 PUSH32 ${M} PUSH1 70 CODECOPY PUSH1 96 PUSH0 RETURN`,
    expect: 1n,
  },
  {
    name: "returndatasize before any call",
    source: `PUSH0 PUSH0 PUSH0 RETURNDATACOPY RETURNDATASIZE ${RET}`,
    expect: 1n,
  },
  {
    name: "returndatacopy out of bounds halts",
    source: "PUSH1 1 PUSH0 PUSH0 RETURNDATACOPY STOP",
    expect: 2n,
  },
  {
    name: "returndatacopy offset past the end with length 0 halts",
    source: "PUSH0 PUSH1 1 PUSH0 RETURNDATACOPY STOP",
    expect: 2n,
  },
  {
    name: "memory: mstore, mload, mstore8, msize",
    source: `PUSH1 0x42 PUSH1 100 MSTORE8 PUSH1 7 PUSH1 33 MSTORE PUSH1 90 MLOAD MSIZE ADD ${RET}`,
    expect: 1n,
  },
  { name: "msize of empty memory", source: `MSIZE PUSH1 0 MLOAD POP MSIZE ADD ${RET}`, expect: 1n },
  {
    name: "mcopy overlapping, expanding",
    source:
      "PUSH1 0x11 PUSH1 31 MSTORE PUSH1 40 PUSH1 10 PUSH1 30 MCOPY PUSH0 PUSH0 PUSH2 500 MCOPY PUSH1 100 PUSH0 RETURN",
    expect: 1n,
  },
  {
    name: "zero-length accesses at huge offsets",
    source: `PUSH0 PUSH32 ${M} KECCAK256 PUSH0 PUSH1 1 PUSH32 ${M} CALLDATACOPY MSIZE ADD PUSH0 PUSH32 ${M} RETURN`,
    expect: 1n,
  },
  {
    name: "jumps and a loop",
    source: `PUSH1 5 loop: JUMPDEST PUSH1 1 SWAP1 SUB DUP1 @loop JUMPI PC ${RET}`,
    expect: 1n,
  },
  {
    name: "jumpi not taken, jumpdest fall-through",
    source: `PUSH0 @x JUMPI PUSH1 7 x: JUMPDEST PUSH1 1 ADD ${RET}`,
    expect: 1n,
  },
  {
    name: "GAS values are exact",
    source: `GAS GAS PUSH1 1 PUSH1 2 ADD POP GAS PUSH1 0xff PUSH2 1000 MSTORE GAS ADD ADD ADD ${RET}`,
    expect: 1n,
  },
  {
    name: "GAS inside a loop",
    source: `PUSH1 3 loop: JUMPDEST GAS SWAP1 PUSH1 1 SWAP1 SUB DUP1 @loop JUMPI POP ADD ADD ${RET}`,
    expect: 1n,
  },
  { name: "push past the end of code reads zeros", source: "PUSH1 1 0x7f01", expect: 1n },
  {
    name: "push0 .. push32",
    source: `PUSH0 PUSH1 1 PUSH2 0x0203 PUSH3 0x040506 PUSH16 0x0102030405060708090a0b0c0d0e0f10 PUSH31 0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ADD ADD ADD ADD ADD ${RET}`,
    expect: 1n,
  },
  {
    name: "dup16 and swap16",
    source: `PUSH1 1 PUSH1 2 PUSH1 3 PUSH1 4 PUSH1 5 PUSH1 6 PUSH1 7 PUSH1 8 PUSH1 9 PUSH1 10 PUSH1 11 PUSH1 12 PUSH1 13 PUSH1 14 PUSH1 15 PUSH1 16 PUSH1 17 DUP16 SWAP16 SWAP15 DUP15 SWAP1 ${RET}`,
    expect: 1n,
  },
  { name: "revert with data", source: "PUSH1 0xbe PUSH0 MSTORE PUSH1 32 PUSH0 REVERT", expect: 0n },
  { name: "stop without return data", source: "PUSH1 1 STOP", expect: 1n },
  { name: "falling off the end", source: "PUSH1 1 PUSH1 2", expect: 1n },
  { name: "invalid (0xfe)", source: "PUSH1 1 INVALID", expect: 2n },
  { name: "undefined opcode 0x0c", source: "PUSH1 1 0x0c", expect: 2n },
  { name: "undefined opcode 0xef", source: "0xef", expect: 2n },
  { name: "jump to a non-JUMPDEST", source: "PUSH1 3 JUMP STOP", expect: 2n },
  {
    name: "jump into PUSH data that looks like a JUMPDEST",
    source: "PUSH1 4 JUMP PUSH1 0x5b STOP",
    expect: 2n,
  },
  {
    name: "jump back into PUSH data the walk already passed",
    source: "@x JUMP PUSH1 0x5b x: JUMPDEST PUSH1 5 JUMP",
    expect: 2n,
  },
  {
    name: "a long forward jump over PUSH data full of 0x5b",
    source: `@far JUMP ${Array(500).fill("PUSH2 0x5b5b").join(" ")} far: JUMPDEST PUSH1 1 ${RET}`,
    expect: 1n,
  },
  {
    name: "forward jump into the middle of 0x5b PUSH data",
    source: `PUSH2 701 JUMP ${Array(500).fill("PUSH2 0x5b5b").join(" ")} STOP`,
    expect: 2n,
  },
  { name: "jump past the end", source: "PUSH2 0x1000 JUMP", expect: 2n },
  {
    name: "jump to 2^255 + 3",
    source: "PUSH32 0x8000000000000000000000000000000000000000000000000000000000000003 JUMP JUMPDEST STOP",
    expect: 2n,
  },
  // JUMP_TO checks the destination and enters its block with one block-table load (opcodes/control.huff)
  { name: "jump to the last byte, a JUMPDEST", source: "@x JUMP PUSH1 1 x: JUMPDEST", expect: 1n },
  { name: "jump to exactly the code length", source: "PUSH1 3 JUMP", expect: 2n },
  { name: "jump to 2^256 - 1", source: `PUSH32 0x${"ff".repeat(32)} JUMP JUMPDEST STOP`, expect: 2n },
  {
    name: "jump to 2^256 - 0x2901 (the code pointer after it would wrap to 0)",
    source: `PUSH32 0x${"ff".repeat(30)}d6ff JUMP JUMPDEST STOP`,
    expect: 2n,
  },
  { name: "jumpi taken to a non-JUMPDEST", source: "PUSH1 1 PUSH1 3 JUMPI STOP", expect: 2n },
  {
    name: "jump back to a forced block start (computed, not a JUMPDEST)",
    source: `${Array(300).fill("PUSH1 1").join(" ")} PUSH2 512 JUMP`,
    expect: 2n,
  },
  {
    name: "jump to a JUMPDEST whose block was computed by falling into it",
    source: `PUSH1 2 x: JUMPDEST PUSH1 1 SWAP1 SUB DUP1 ISZERO @y JUMPI @x JUMP y: JUMPDEST ${RET}`,
    expect: 1n,
  },
  {
    name: "jumpi to a bad destination with zero condition falls through",
    source: `PUSH0 PUSH1 100 JUMPI PUSH1 1 ${RET}`,
    expect: 1n,
  },
  { name: "stack underflow", source: "PUSH1 1 ADD", expect: 2n },
  { name: "stack underflow after a jump", source: "@x JUMP x: JUMPDEST POP", expect: 2n },
  {
    name: "stack underflow of dup16",
    source:
      "PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 PUSH1 1 DUP16",
    expect: 2n,
  },
  {
    name: "stack of 1000 items",
    source: "PUSH2 1000 loop: JUMPDEST PUSH1 1 SWAP1 SUB DUP1 @loop JUMPI STOP",
    expect: 1n,
  },
  { name: "stack overflow at 1025", source: "loop: JUMPDEST PUSH1 1 @loop JUMP", expect: 2n },
  {
    name: "stack of exactly 1024 items, then summed",
    source: `PUSH2 1021 up: JUMPDEST PUSH1 1 SWAP1 PUSH1 1 SWAP1 SUB DUP1 @up JUMPI POP PUSH1 7 PUSH1 8 PUSH1 9 ADD ADD ADD PUSH2 1020 down: JUMPDEST SWAP2 ADD SWAP1 PUSH1 1 SWAP1 SUB DUP1 @down JUMPI POP ${RET}`,
    expect: 1n,
  },
  {
    name: "stack of 1024 items, one more overflows",
    source:
      "PUSH2 1021 up: JUMPDEST PUSH1 1 SWAP1 PUSH1 1 SWAP1 SUB DUP1 @up JUMPI POP PUSH1 7 PUSH1 8 PUSH1 9 PUSH1 10",
    expect: 2n,
  },
  {
    name: "deep stack oscillating at the native window edge",
    source: `PUSH2 995 up: JUMPDEST PUSH1 1 SWAP1 PUSH1 1 SWAP1 SUB DUP1 @up JUMPI POP PUSH1 40 osc: JUMPDEST PUSH1 5 PUSH1 6 PUSH1 7 PUSH1 8 PUSH1 9 ADD ADD ADD ADD POP PUSH1 1 SWAP1 SUB DUP1 @osc JUMPI POP GAS ${RET}`,
    expect: 1n,
  },
  {
    name: "1024 pushes in one straight line (forced block splits)",
    source: `${Array(1024).fill("PUSH1 7").join(" ")} STOP`,
    expect: 1n,
  },
  {
    name: "1022 pushes, GAS, return",
    source: `${Array(1022).fill("PUSH1 7").join(" ")} GAS ${RET}`,
    expect: 1n,
  },
  {
    name: "1025 pushes in one straight line overflow",
    source: `${Array(1025).fill("PUSH1 7").join(" ")} STOP`,
    expect: 2n,
  },
  {
    name: "600 pushes then 599 ADDs, straight",
    source: `${Array(600).fill("PUSH2 0x0102").join(" ")} ${Array(599).fill("ADD").join(" ")} ${RET}`,
    expect: 1n,
  },
  {
    name: "300 pushes then INVALID, 0x0c, 0x5b in PUSH data",
    source: `${Array(300).fill("PUSH2 0x5b0c").join(" ")} 0x0c`,
    expect: 2n,
  },
  {
    name: "300 pushes, then a real JUMPDEST and GAS",
    source: `${Array(300).fill("PUSH1 1").join(" ")} JUMPDEST GAS ${RET}`,
    expect: 1n,
  },
  {
    name: "300 pushes, out of gas inside the second forced block",
    source: `${Array(300).fill("PUSH1 1").join(" ")} STOP`,
    gas: 21_000n + 3n * 290n,
    expect: 2n,
  },
  {
    name: "a straight block of 72000 static gas (split on gas)",
    source: `${Array(2000).fill("PUSH0 PUSH0 KECCAK256 POP").join(" ")} GAS ${RET}`,
    expect: 1n,
  },
  {
    name: "the same, out of gas in the middle",
    source: `${Array(2000).fill("PUSH0 PUSH0 KECCAK256 POP").join(" ")} STOP`,
    gas: 21_000n + 50_000n,
    expect: 2n,
  },
  {
    name: "jumpi straight into a JUMPDEST, GAS after",
    source: `PUSH0 @x JUMPI x: JUMPDEST GAS ${RET}`,
    expect: 1n,
  },
  // a block entered by falling into its JUMPDEST (after JUMPI, GAS) is entered once (dispatch.huff ENTER_AND_DISPATCH)
  {
    name: "jumpi falling through into a JUMPDEST whose block underflows",
    source: "PUSH0 PUSH0 JUMPI JUMPDEST POP",
    expect: 2n,
  },
  { name: "GAS then a JUMPDEST, GAS again", source: `GAS JUMPDEST GAS SWAP1 SUB ${RET}`, expect: 1n },
  { name: "code starting with a JUMPDEST", source: `JUMPDEST GAS ${RET}`, expect: 1n },
  { name: "GAS straight before a JUMPDEST", source: `GAS x: JUMPDEST GAS ADD ${RET}`, expect: 1n },
  { name: "out of gas in a loop", source: "loop: JUMPDEST @loop JUMP", gas: 60_000n, expect: 2n },
  { name: "memory at 2^256 - 1 is out of gas", source: `PUSH1 1 PUSH32 ${M} MSTORE`, expect: 2n },
  { name: "mload at 2^64 is out of gas", source: "PUSH9 0x010000000000000000 MLOAD", expect: 2n },
  {
    name: "calldatacopy wrapping into low memory is out of gas",
    source: `PUSH1 64 PUSH0 PUSH32 ${M} CALLDATACOPY STOP`,
    expect: 2n,
  },
  {
    name: "mcopy from 2^255 is out of gas",
    source:
      "PUSH1 32 PUSH32 0x8000000000000000000000000000000000000000000000000000000000000000 PUSH0 MCOPY STOP",
    expect: 2n,
  },
  {
    name: "keccak256 of 2^40 bytes is out of gas",
    source: "PUSH6 0x010000000000 PUSH0 KECCAK256",
    expect: 2n,
  },
  { name: "return of huge length is out of gas", source: `PUSH32 ${M} PUSH0 RETURN`, expect: 2n },
  {
    name: "guest memory writes never reach the jump table or the state",
    source: `PUSH32 ${M} DUP1 PUSH0 MSTORE DUP1 PUSH1 32 MSTORE DUP1 PUSH2 0x2000 MSTORE PUSH2 0x2800 MSTORE PUSH1 3 loop: JUMPDEST PUSH1 1 SWAP1 SUB DUP1 @loop JUMPI MSIZE GAS ADD ${RET}`,
    expect: 1n,
  },
  {
    name: "large memory expansion then return",
    source: "PUSH1 1 PUSH3 0x010000 MSTORE PUSH1 32 PUSH3 0x010000 RETURN",
    expect: 1n,
  },
];

describe("hypervisor: programs run natively and audited (true witness valid, wrong witnesses rejected)", function () {
  this.timeout(600_000);
  let d: Deployed;
  before(async () => {
    d = await deploy();
  });

  for (const p of programs) {
    it(p.name, async () => {
      const code = asm(p.source);
      const run = await runNative(d, code, p.calldata ?? "0x", p.gas ?? 1_000_000n);
      expect(run.status, "native status").to.equal(p.expect);
      const w = trueWitness(run, p.calldata ?? "0x");
      const ok = await audit(d, w);
      if (!ok.valid) console.log(ok);
      expect(ok, "true witness").to.deep.include({ valid: true });
      if (ok.valid) expect(ok.hash).to.equal(keccak256(encodeWitness(w)));

      // the pc of the instruction that ended the frame, exact for halts too (step mode, dispatch/step.huff)
      const endPc = BigInt(run.steps[run.steps.length - 1].pc);
      const wrongStatus = await audit(d, { ...w, status: (w.status + 1n) % 3n });
      expect(wrongStatus).to.deep.include({ valid: false, error: "StatusMismatch" });
      if (!wrongStatus.valid) {
        if (wrongStatus.error !== "StatusMismatch") console.log(wrongStatus);
        expect(wrongStatus.args[2]).to.equal(w.status);
        expect(wrongStatus.args[0], "pc of the instruction that ended the frame").to.equal(endPc);
        expect(wrongStatus.args[1], "record").to.equal(0n);
      }
      const wrongData = await audit(d, { ...w, returndataHash: keccak256("0x1234") as Hex });
      expect(wrongData).to.deep.include({ valid: false, error: "ReturnDataMismatch" });
      if (!wrongData.valid)
        expect(`0x${wrongData.args[2].toString(16).padStart(64, "0")}`).to.equal(w.returndataHash);
      if (w.status !== 2n) {
        const wrongGas = await audit(d, { ...w, gasUsed: w.gasUsed + 1n });
        expect(wrongGas).to.deep.include({ valid: false, error: "GasUsedMismatch" });
        if (!wrongGas.valid) {
          expect(wrongGas.args[2]).to.equal(w.gasUsed);
          expect(wrongGas.args[0], "pc").to.equal(endPc);
        }
      } else {
        const wrongGas = await audit(d, { ...w, gasUsed: w.gasUsed - 1n });
        expect(wrongGas).to.deep.include({ valid: false, error: "GasUsedMismatch" });
      }
    });
  }
});

describe("hypervisor: out of gas at the same instruction as the EVM", function () {
  this.timeout(300_000);
  let d: Deployed;
  before(async () => {
    d = await deploy();
  });

  // each program's last instructions have dynamic costs: the audit must agree with the EVM at gas G and G - 1
  const cases = [
    ["memory expansion in the last MSTORE", "PUSH1 1 PUSH0 MSTORE PUSH1 1 PUSH2 0x0400 MSTORE STOP"],
    ["EXP bytes in the middle of a block", `PUSH1 2 PUSH32 ${M} EXP PUSH1 1 ADD POP STOP`],
    ["KECCAK256 words, then a jump", "PUSH2 0x0200 PUSH0 KECCAK256 @x JUMP x: JUMPDEST STOP"],
    ["copy cost of CALLDATACOPY", "PUSH2 0x0100 PUSH0 PUSH0 CALLDATACOPY STOP"],
    ["RETURN expanding memory", "PUSH2 0x0300 PUSH0 RETURN"],
  ] as const;
  for (const [name, source] of cases) {
    it(name, async () => {
      const code = asm(source);
      const run = await runNative(d, code, "0x", 1_000_000n);
      expect(run.status).to.equal(1n);
      const need = run.gasUsed;
      // natively: exactly enough gas succeeds, one less halts
      const exact = await runNative(d, code, "0x", 21_000n + need);
      expect(exact.status, "native with exactly enough").to.equal(1n);
      const short = await runNative(d, code, "0x", 21_000n + need - 1n);
      expect(short.status, "native one gas short").to.equal(2n);
      expect(await audit(d, trueWitness(exact))).to.deep.include({ valid: true });
      expect(await audit(d, trueWitness(short))).to.deep.include({ valid: true });
      const claimsSuccess = await audit(d, { ...trueWitness(short), status: 1n, gasUsed: need - 1n });
      expect(claimsSuccess).to.deep.include({ valid: false, error: "StatusMismatch" });
    });
  }
});

describe("hypervisor: huge gasAvailable (up to 2^64 - 1) gives the same gas used", function () {
  this.timeout(300_000);
  let d: Deployed;
  before(async () => {
    d = await deploy();
  });

  const cases = [
    ["arithmetic and memory", "PUSH1 1 PUSH1 2 ADD PUSH2 0x0400 MSTORE PUSH1 32 PUSH2 0x0400 RETURN"],
    ["a loop with jumps", "PUSH1 30 loop: JUMPDEST PUSH1 1 SWAP1 SUB DUP1 @loop JUMPI STOP"],
    [
      "a deep straight-line block",
      `${Array(600).fill("PUSH1 7").join(" ")} ${Array(599).fill("ADD").join(" ")} ${RET}`,
    ],
  ] as const;
  for (const [name, source] of cases) {
    for (const gasAvailable of [1n << 40n, (1n << 63n) + 12345n, (1n << 64n) - 1n]) {
      it(`${name}, gasAvailable ${gasAvailable}`, async () => {
        const run = await runNative(d, asm(source));
        expect(run.status).to.equal(1n);
        const w = { ...trueWitness(run), gasAvailable };
        expect(await audit(d, w)).to.deep.include({ valid: true });
      });
    }
  }
});
