import { existsSync, readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "chai";
import { checkCallTree } from "./checkCallTree";
import { InvalidArgumentError } from "./errors";
import { parseWitnessFile } from "./parseWitnessFile";
import type { WitnessFile } from "./types";

const FIXTURES = resolve(__dirname, "../../fixtures-gen/fixtures");

function scenarios(): Map<string, WitnessFile[]> {
  const out = new Map<string, WitnessFile[]>();
  for (const s of readdirSync(FIXTURES)) {
    if (s.endsWith(".json")) continue;
    out.set(
      s,
      readdirSync(resolve(FIXTURES, s)).map((f) =>
        parseWitnessFile(readFileSync(resolve(FIXTURES, s, f), "utf8")),
      ),
    );
  }
  return out;
}

/** The first record of `op` kind with warm = true in a tree, with its file. */
function findWarm(files: WitnessFile[], ops: string[]) {
  for (const f of files) {
    const i = f.witness.stateAccessList.findIndex((r) => ops.includes(r.op) && "warm" in r && r.warm);
    if (i >= 0) return { f, i };
  }
  return undefined;
}

describe("checkCallTree", () => {
  before(function () {
    if (!existsSync(FIXTURES)) this.skip();
  });

  it("finds no issue in any recorded transaction (warmth replayed over the real call trees)", () => {
    let trees = 0;
    for (const [name, files] of scenarios()) {
      expect(checkCallTree(files), name).to.deep.equal([]);
      trees++;
    }
    expect(trees).to.be.greaterThan(3);
  });

  it("flags a cold claim for a slot or address the transaction already accessed", () => {
    let flagged = 0;
    for (const [name, files] of scenarios()) {
      const hit = findWarm(files, [
        "SLOAD",
        "SSTORE",
        "BALANCE",
        "EXTCODESIZE",
        "EXTCODEHASH",
        "CALL",
        "STATICCALL",
        "DELEGATECALL",
      ]);
      if (hit === undefined) continue;
      const forged = files.map((f) => structuredClone(f));
      const target = forged[files.indexOf(hit.f)];
      (target.witness.stateAccessList[hit.i] as { warm: boolean }).warm = false;
      const issues = checkCallTree(forged).filter((i) => i.field === "warm");
      // A warm claim the tree itself explains must be flagged when turned cold; one explained only by
      // the transaction's access list (or the coinbase) cannot be.
      if (issues.length > 0) {
        expect(issues[0], name).to.deep.include({ path: target.path, record: hit.i, field: "warm" });
        flagged++;
      }
    }
    expect(flagged).to.be.greaterThan(0);
  });

  it("flags missing parents, mixed transactions and disagreeing block values", () => {
    const [files] = [...scenarios().values()].filter((f) => f.length > 1);
    const child = files.find((f) => f.path.length > 0)!;
    const top = files.find((f) => f.path.length === 0)!;
    expect(checkCallTree([child]).map((i) => i.field)).to.deep.equal(["path"]);
    const other = { ...structuredClone(child), transactionHash: `0x${"99".repeat(32)}` as `0x${string}` };
    const mixed = files.map((f) => (f === child ? other : f));
    expect(checkCallTree(mixed).map((i) => i.field)).to.include("transactionHash");
    const wrongChain = { ...structuredClone(top), chainId: top.chainId + 1n };
    expect(checkCallTree(files.map((f) => (f === top ? wrongChain : f))).map((i) => i.field)).to.include(
      "chainId",
    );
    expect(() => checkCallTree([])).to.throw(InvalidArgumentError);
    expect(() => checkCallTree([top, top])).to.throw(InvalidArgumentError, /two files/);
  });
});
