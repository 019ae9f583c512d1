import { existsSync, readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "chai";
import { keccak256 } from "ethers";
import { ZERO32, sampleWitness } from "../test/arbitraries";
import { checkWitnessFile } from "./checkWitnessFile";
import { parseWitnessFile } from "./parseWitnessFile";
import type { AccessWitness } from "./records";
import { FrameStatus, type WitnessFile } from "./types";

const FIXTURES = resolve(__dirname, "../../fixtures-gen/fixtures");
const A = (b: string) => `0x${b.repeat(20)}` as `0x${string}`;

function file(records: AccessWitness[] = []): WitnessFile {
  const witness = { ...sampleWitness(), stateAccessList: records };
  return {
    version: 1,
    chainId: 5n,
    blockNumber: 19000000n,
    transactionHash: ZERO32,
    path: [],
    witness,
    code: { [A("cc")]: "0x00" },
  };
}
const fields = (f: WitnessFile) => checkWitnessFile(f).map((i) => `${i.record ?? "-"}:${i.field}`);

describe("checkWitnessFile", () => {
  it("finds nothing wrong in the recorder's fixtures (real transactions)", function () {
    if (!existsSync(FIXTURES)) this.skip();
    let n = 0;
    for (const s of readdirSync(FIXTURES)) {
      if (s.endsWith(".json")) continue;
      for (const f of readdirSync(resolve(FIXTURES, s))) {
        const parsed = parseWitnessFile(readFileSync(resolve(FIXTURES, s, f), "utf8"));
        expect(checkWitnessFile(parsed), `${s}/${f}`).to.deep.equal([]);
        n++;
      }
    }
    expect(n).to.be.greaterThan(10);
  });

  it("accepts the sample and flags header inconsistencies", () => {
    expect(checkWitnessFile(file())).to.deep.equal([]);
    const f = file();
    f.witness.gasUsed = f.witness.gasAvailable + 1n;
    expect(fields(f)).to.deep.equal(["-:gasUsed"]);
    const halt = file();
    halt.witness.status = FrameStatus.Halt;
    expect(fields(halt)).to.deep.equal(["-:gasUsed", "-:returndataHash"]);
    halt.witness.gasUsed = halt.witness.gasAvailable;
    halt.witness.returndataHash = keccak256("0x") as `0x${string}`;
    expect(fields(halt)).to.deep.equal([]);
    const noCode = file();
    noCode.code = {};
    expect(fields(noCode)).to.deep.equal(["-:code"]);
  });

  it("flags block values that disagree with the file or each other", () => {
    const f = file([
      { op: "CHAINID", stateRoot: ZERO32, value: 6n },
      { op: "NUMBER", stateRoot: ZERO32, value: 19000000n },
      { op: "TIMESTAMP", stateRoot: ZERO32, value: 1n },
      { op: "TIMESTAMP", stateRoot: ZERO32, value: 2n },
    ]);
    expect(fields(f)).to.deep.equal(["0:value", "3:value"]);
  });

  it("flags cold claims the frame itself disproves", () => {
    const balance = (address: `0x${string}`, warm: boolean) =>
      ({ op: "BALANCE", stateRoot: ZERO32, address, balance: 0n, warm }) as const;
    const sload = (warm: boolean) =>
      ({ op: "SLOAD", stateRoot: ZERO32, key: ZERO32, value: ZERO32, warm }) as const;
    const f = file([
      balance(A("ee"), false), // first access: may be cold
      balance(A("ee"), false), // second: must be warm
      balance(A("aa"), false), // origin: always warm
      balance(`0x${"00".repeat(19)}05`, false), // precompile 0x05
      sload(false),
      sload(false),
    ]);
    expect(fields(f)).to.deep.equal(["1:warm", "2:warm", "3:warm", "5:warm"]);
  });

  it("flags records a static frame cannot have and failed outcomes with effects", () => {
    const f = file([
      {
        op: "SSTORE",
        stateRoot: ZERO32,
        key: ZERO32,
        value: ZERO32,
        original: ZERO32,
        current: ZERO32,
        warm: false,
      },
      {
        op: "CREATE",
        stateRoot: ZERO32,
        value: 0n,
        initCodeHash: ZERO32,
        gasGiven: 1n,
        created: A("12"),
        success: false,
        gasUsed: 0n,
        refund: 5n,
        returndata: "0x",
      },
    ]);
    f.witness.isStatic = true;
    f.witness.callvalue = 0n;
    expect(fields(f)).to.deep.equal(["0:op", "1:op", "1:refund", "1:created"]);
  });
});
