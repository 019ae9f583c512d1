import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { keccak256 } from "ethers";
import { generateFixtures } from "../scripts/fixtures";
import { type RecordedTransaction, recordTransaction } from "../src";
import { checkScenario } from "./helpers/scenarioChecks";

const FIXTURES = join(__dirname, "..", "fixtures");

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    )
    .sort();
}

describe("recorder on the in-process Hardhat network", function () {
  this.timeout(600_000);
  const hre = require("hardhat");
  const node = hre.network.provider;
  let tmp: string;
  let index: Record<string, { transactionHash: string; succeeds: boolean }>;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "iso-fixtures-"));
    await generateFixtures(node, join(tmp, "fixtures"));
    index = JSON.parse(readFileSync(join(tmp, "fixtures", "scenarios.json"), "utf8"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("regenerates the committed fixtures byte for byte", () => {
    const fresh = join(tmp, "fixtures");
    const files = listFiles(fresh);
    expect(files).to.deep.equal(listFiles(FIXTURES));
    for (const f of files) {
      expect(keccak256(readFileSync(join(fresh, f))), f).to.equal(keccak256(readFileSync(join(FIXTURES, f))));
    }
  });

  const names = JSON.parse(readFileSync(join(FIXTURES, "scenarios.json"), "utf8")) as Record<string, unknown>;
  for (const name of Object.keys(names)) {
    it(`${name}: counted, decodable, linked, gas identities hold`, async () => {
      const { transactionHash, succeeds } = index[name];
      const rec: RecordedTransaction = await recordTransaction(node, transactionHash);
      await checkScenario(node, name, succeeds, rec);
    });
  }
});
