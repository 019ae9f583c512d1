import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "chai";
import { OPCODES } from "./opcodes";
import { RECORD_SCHEMAS } from "./records";
import { updateWitnessFormatDoc } from "./updateWitnessFormatDoc";

const DOC = resolve(__dirname, "../../../docs/witness-format.md");

describe("docs/witness-format.md", () => {
  const doc = readFileSync(DOC, "utf8");

  it("has generated sections equal to the SDK tables (run `pnpm --filter @iso-hypervisor/sdk docs`)", () => {
    expect(updateWitnessFormatDoc(doc) === doc, "docs/witness-format.md is stale").to.equal(true);
  });

  it("documents every record field and every opcode row", () => {
    for (const s of RECORD_SCHEMAS) {
      expect(doc, s.mnemonic).to.include(`### ${s.mnemonic} (0x${s.opcode.toString(16).padStart(2, "0")})`);
      for (const f of s.fields)
        expect(doc, `${s.mnemonic}.${f.name}`).to.include(`| \`${f.name}\` | ${f.type} | ${f.kind} |`);
    }
    for (const o of OPCODES)
      expect(doc).to.include(
        `| 0x${o.code.toString(16).padStart(2, "0")} | ${o.mnemonic} | ${o.inputs} | ${o.outputs} |`,
      );
  });

  it("fails when a table changes and the doc is not regenerated", () => {
    const edited = doc.replace("| `warm` | bool | supplied |", "| `warm` | uint256 | supplied |");
    expect(edited).to.not.equal(doc);
    expect(updateWitnessFormatDoc(edited)).to.not.equal(edited);
    expect(() => updateWitnessFormatDoc(doc.replace("<!-- END GENERATED records -->", ""))).to.throw(
      /records markers/,
    );
  });
});
