import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseWitnessFile } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { OutputDirError } from "./errors";
import type { RecordedTransaction } from "./types";
import { writeWitnessFiles } from "./writeWitnessFiles";

const SCENARIO = join(__dirname, "..", "fixtures", "uniswap-swap-without-allowance");

/** A recording rebuilt from a committed fixture (three frames). */
function fromFixture(): RecordedTransaction {
  const names = readdirSync(SCENARIO).filter((n) => n.endsWith(".json"));
  const files = names.map((n) => parseWitnessFile(readFileSync(join(SCENARIO, n), "utf8")));
  return {
    chainId: files[0].chainId,
    blockNumber: files[0].blockNumber,
    txHash: files[0].transactionHash,
    steps: 0,
    unconsumed: [],
    frames: files.map((f, i) => ({
      path: f.path,
      name: names[i].replace(/\.json$/, ""),
      witness: f.witness,
      code: f.code,
      firstStep: 0,
      lastStep: 0,
      steps: 0,
    })),
  };
}

describe("writeWitnessFiles", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), "iso-write-"));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it("writes <name>.json per frame, byte-identical to what the fixtures hold, creating parents", () => {
    const out = join(tmp, "a", "b", "swap");
    const bytes = writeWitnessFiles(fromFixture(), out);
    const names = readdirSync(out).sort();
    expect(names).to.deep.equal(readdirSync(SCENARIO).sort());
    let total = 0;
    for (const n of names) {
      const text = readFileSync(join(out, n), "utf8");
      expect(text, n).to.equal(readFileSync(join(SCENARIO, n), "utf8"));
      total += Buffer.byteLength(text);
    }
    expect(bytes).to.equal(total);
    expect(readdirSync(join(tmp, "a", "b"))).to.deep.equal(["swap"]);
  });

  it("writes into an existing empty directory", () => {
    const out = join(tmp, "empty");
    mkdirSync(out);
    writeWitnessFiles(fromFixture(), out);
    expect(readdirSync(out)).to.have.length(3);
  });

  it("refuses a non-empty directory and leaves it as it was", () => {
    const out = join(tmp, "full");
    mkdirSync(out);
    writeFileSync(join(out, "0.json"), "mine");
    expect(() => writeWitnessFiles(fromFixture(), out)).to.throw(OutputDirError, /not empty/);
    expect(readdirSync(out)).to.deep.equal(["0.json"]);
    expect(readFileSync(join(out, "0.json"), "utf8")).to.equal("mine");
  });

  it("leaves nothing behind when the directory cannot be made", () => {
    writeFileSync(join(tmp, "file"), "x");
    expect(() => writeWitnessFiles(fromFixture(), join(tmp, "file", "out"))).to.throw(OutputDirError);
    expect(readdirSync(tmp)).to.deep.equal(["file"]);
    expect(() => writeWitnessFiles(fromFixture(), join(tmp, "file", "a", "b"))).to.throw(
      OutputDirError,
      /ENOTDIR/,
    );
    expect(readdirSync(tmp)).to.deep.equal(["file"]);
  });

  it("does not touch the disk when a witness does not encode", () => {
    const rec = fromFixture();
    const bad = { ...rec, frames: [{ ...rec.frames[0], witness: { ...rec.frames[0].witness, status: 7n } }] };
    expect(() => writeWitnessFiles(bad as unknown as RecordedTransaction, join(tmp, "x"))).to.throw(/status/);
    expect(readdirSync(tmp)).to.deep.equal([]);
  });
});
