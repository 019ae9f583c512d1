import { existsSync, readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "chai";
import { keccak256 } from "ethers";
import { ZERO32, sampleWitness } from "../test/arbitraries";
import { checkFrameLinkage } from "./checkFrameLinkage";
import { InvalidArgumentError } from "./errors";
import { parseWitnessFile } from "./parseWitnessFile";
import type { AccessWitness } from "./records";
import { FrameStatus, type MessageWitness, type WitnessFile } from "./types";

/** Witness files the recorder made from real transactions on the in-process network (committed). */
const FIXTURES = resolve(__dirname, "../../fixtures-gen/fixtures");

function loadScenarios(): Map<string, WitnessFile[]> {
  const out = new Map<string, WitnessFile[]>();
  for (const scenario of readdirSync(FIXTURES)) {
    if (scenario.endsWith(".json")) continue;
    const files = readdirSync(resolve(FIXTURES, scenario)).map((f) =>
      parseWitnessFile(readFileSync(resolve(FIXTURES, scenario, f), "utf8")),
    );
    out.set(scenario, files);
  }
  return out;
}

const A = (b: string) => `0x${b.repeat(20)}` as `0x${string}`;

function parentWithCall(): MessageWitness {
  const p = sampleWitness();
  p.context = A("cc");
  p.stateAccessList = [
    {
      op: "CALL",
      stateRoot: ZERO32,
      gasGiven: 50_000n,
      address: A("dd"),
      value: 3n,
      argsHash: keccak256("0x1234") as `0x${string}`,
      warm: false,
      exists: true,
      delegate: A("00"),
      delegateWarm: false,
      success: true,
      gasUsed: 1200n,
      refund: 0n,
      returndata: "0xbeef",
    },
  ];
  return p;
}

function matchingChild(p: MessageWitness): MessageWitness {
  return {
    ...sampleWitness(),
    origin: p.origin,
    gasPrice: p.gasPrice,
    caller: p.context,
    to: A("dd"),
    context: A("dd"),
    callvalue: 3n,
    isStatic: false,
    gasAvailable: 50_000n,
    gasUsed: 1200n,
    status: FrameStatus.Success,
    returndataHash: keccak256("0xbeef") as `0x${string}`,
    calldata: "0x1234",
    stateAccessList: [],
    stateRootLeave: ZERO32,
  };
}

describe("checkFrameLinkage", () => {
  it("finds no mismatch between every recorded parent record and its child (recorder fixtures)", function () {
    if (!existsSync(FIXTURES)) this.skip();
    let links = 0;
    for (const [scenario, files] of loadScenarios()) {
      const byPath = new Map(files.map((f) => [f.path.join("."), f]));
      for (const child of files) {
        if (child.path.length === 0) continue;
        const parent = byPath.get(child.path.slice(0, -1).join("."));
        expect(parent, `${scenario} parent of ${child.path}`).to.not.equal(undefined);
        const mismatches = checkFrameLinkage(
          parent!.witness,
          child.path[child.path.length - 1],
          child.witness,
        );
        expect(mismatches, `${scenario} ${child.path.join(".")}`).to.deep.equal([]);
        links++;
      }
    }
    expect(links).to.be.greaterThan(10);
  });

  it("reports each field a forged child changes", () => {
    const p = parentWithCall();
    expect(checkFrameLinkage(p, 0, matchingChild(p))).to.deep.equal([]);
    const forge: [keyof MessageWitness, unknown][] = [
      ["to", A("ee")],
      ["context", A("ee")],
      ["caller", A("ee")],
      ["origin", A("ee")],
      ["callvalue", 4n],
      ["gasPrice", 8n],
      ["isStatic", true],
      ["gasAvailable", 50_001n],
      ["gasUsed", 1199n],
      ["status", FrameStatus.Revert],
      ["returndataHash", ZERO32],
      ["calldata", "0x1235"],
    ];
    for (const [field, value] of forge) {
      const c = { ...matchingChild(p), [field]: value } as MessageWitness;
      const fields = checkFrameLinkage(p, 0, c).map((m) => m.field);
      expect(fields, field).to.have.length(1);
      expect(fields[0], field).to.include(field === "calldata" ? "keccak256(calldata)" : field);
    }
  });

  it("links an EIP-7702 delegated call to the delegate's code and a child's refund to its SSTOREs", () => {
    const p = parentWithCall();
    const call = p.stateAccessList[0] as Extract<AccessWitness, { op: "CALL" }>;
    call.delegate = A("de");
    call.delegateWarm = true;
    call.refund = 4800n;
    const c = { ...matchingChild(p), to: A("de") };
    c.stateAccessList = [
      {
        op: "SSTORE",
        stateRoot: ZERO32,
        key: ZERO32,
        value: ZERO32,
        original: `0x${"00".repeat(31)}01`,
        current: `0x${"00".repeat(31)}01`,
        warm: true,
      },
    ];
    expect(checkFrameLinkage(p, 0, c)).to.deep.equal([]);
    call.refund = 0n;
    expect(checkFrameLinkage(p, 0, c).map((m) => m.field)).to.deep.equal(["refund"]);
  });

  it("rejects a record index that is not a call or create", () => {
    const p = sampleWitness();
    expect(() => checkFrameLinkage(p, 0, p)).to.throw(InvalidArgumentError, /SLOAD/);
    expect(() => checkFrameLinkage(p, 9, p)).to.throw(InvalidArgumentError, /missing/);
  });
});
