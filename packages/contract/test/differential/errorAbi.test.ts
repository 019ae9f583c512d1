import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { HYPERVISOR_ERRORS_ABI, decodeVerdict } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { AbiCoder, Interface, id } from "ethers";
import { loadArtifact } from "../../lib/loadArtifact";

const ROOT = join(__dirname, "..", "..", "..", "..");

/** Every `Name(uint256 pc, uint256 record, ...)` error signature written in the normative docs. */
function documentedErrors(): Map<string, { signature: string; source: string }> {
  const out = new Map<string, { signature: string; source: string }>();
  for (const doc of ["docs/decisions.md", "docs/hypervisor.md"]) {
    const path = join(ROOT, doc);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, "utf8").replace(/\s+/g, " ");
    for (const m of text.matchAll(/`([A-Z][A-Za-z0-9]*)\((uint256 pc, uint256 record[^)`]*)\)`/g)) {
      const types = m[2].split(",").map((p) => p.trim().split(" ")[0]);
      const signature = `${m[1]}(${types.join(",")})`;
      const seen = out.get(m[1]);
      if (seen && seen.signature !== signature) {
        throw new Error(
          `${m[1]} is documented as ${seen.signature} in ${seen.source} and as ${signature} in ${doc}`,
        );
      }
      out.set(m[1], { signature, source: doc });
    }
  }
  return out;
}

describe("error ABI: the documented errors, the artifact ABI and the SDK agree", () => {
  const documented = documentedErrors();
  let artifact: ReturnType<typeof loadArtifact>;
  let abiErrors: Map<string, string>;
  before(() => {
    artifact = loadArtifact("Hypervisor");
    abiErrors = new Map(
      (artifact.abi as { type: string; name?: string; inputs?: { type: string }[] }[])
        .filter((e) => e.type === "error")
        .map((e) => [e.name!, `${e.name}(${(e.inputs ?? []).map((i) => i.type).join(",")})`]),
    );
  });

  it("the docs declare the error bands (at least the nine of docs/decisions.md)", () => {
    expect(documented.size).to.be.at.least(9);
  });

  for (const [name, { signature, source }] of documented) {
    it(`${signature} (${source}) is in the Hypervisor ABI with its selector`, () => {
      expect(abiErrors.get(name), `ABI error ${name}`).to.equal(signature);
      expect(artifact.errors[name], `artifact selector of ${name}`).to.equal(id(signature).slice(0, 10));
    });
  }

  const sdk = new Interface(HYPERVISOR_ERRORS_ABI as never);
  for (const [name, { signature }] of documented) {
    it(`the SDK mirrors ${name} with the same selector and decodes its arguments`, () => {
      const fragment = sdk.getError(name);
      expect(fragment, `SDK error ${name}`).to.not.equal(null);
      expect(fragment!.selector).to.equal(id(signature).slice(0, 10));
      // Distinct argument values, so a swapped or dropped argument shows.
      const values = fragment!.inputs.map((input, i) =>
        input.type === "address"
          ? `0x${(0xa0 + i).toString(16).repeat(20)}`
          : input.type === "bytes32"
            ? id(`arg${i}`)
            : BigInt(1000 + i),
      );
      const data = `${fragment!.selector}${AbiCoder.defaultAbiCoder()
        .encode(
          fragment!.inputs.map((i) => i.type),
          values,
        )
        .slice(2)}` as `0x${string}`;
      const v = decodeVerdict({ reverted: true, data }, "0x");
      if (v.verdict === "valid") return expect.fail("a revert decoded as valid");
      expect(v.reason).to.equal(name);
      expect(v.verdict).to.equal(name === "CodeNotArchived" ? "inconclusive" : "invalid");
      expect(v.pc).to.equal(1000n);
      expect(v.record).to.equal(1001n);
    });
  }

  it("every error in the ABI is documented", () => {
    expect([...abiErrors.keys()].filter((n) => !documented.has(n))).to.deep.equal([]);
  });
});
