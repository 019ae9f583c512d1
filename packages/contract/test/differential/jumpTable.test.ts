import { OPCODES } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { loadArtifact } from "../../lib/loadArtifact";

/**
 * The hypervisor's dispatch table against the SDK's opcode table: one `op_<mnemonic>` label per defined
 * opcode, `op_invalid` for every undefined byte, and the 256-entry table in the runtime code pointing
 * each byte at its handler.
 */
describe("jump table: the hypervisor dispatches every byte as the SDK's opcode table says", () => {
  let artifact: ReturnType<typeof loadArtifact>;
  let labels: Map<string, number>;
  before(() => {
    artifact = loadArtifact("Hypervisor");
    labels = new Map(Object.entries(artifact.labels).map(([k, v]) => [k.toLowerCase(), v]));
  });
  const handler = (code: number): string => {
    const row = OPCODES.find((o) => o.code === code);
    return `op_${(row?.mnemonic ?? "invalid").toLowerCase()}`;
  };

  it("has an op_<mnemonic> label for every opcode of the table, and op_invalid", () => {
    const missing = [...OPCODES.map((o) => `op_${o.mnemonic.toLowerCase()}`), "op_invalid"].filter(
      (l) => !labels.has(l),
    );
    expect(missing).to.deep.equal([]);
  });

  it("holds a 256-entry table mapping each byte to its handler's offset", () => {
    const code = Buffer.from(artifact.deployedBytecode.slice(2), "hex");
    const expected = Array.from({ length: 256 }, (_, b) => labels.get(handler(b)) ?? -1);
    for (const width of [2, 32]) {
      let best = { at: -1, hits: 0 };
      for (let at = 0; at + 256 * width <= code.length; at++) {
        let hits = 0;
        for (let b = 0; b < 256; b++) {
          const entry = code.readUIntBE(at + b * width + width - Math.min(width, 6), Math.min(width, 6));
          if (entry === expected[b]) hits++;
        }
        if (hits > best.hits) best = { at, hits };
      }
      if (best.hits > 128) {
        const wrong = expected
          .map((want, b) => {
            const got = code.readUIntBE(best.at + b * width + width - Math.min(width, 6), Math.min(width, 6));
            return got === want
              ? undefined
              : `0x${b.toString(16).padStart(2, "0")} -> ${got} (want ${handler(b)} = ${want})`;
          })
          .filter((x) => x !== undefined);
        expect(wrong, `table of ${width}-byte entries at runtime offset ${best.at}`).to.deep.equal([]);
        return;
      }
    }
    expect.fail("no 256-entry dispatch table (2- or 32-byte entries) found in the runtime code");
  });
});
