import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { transpileHuffcSources } from "../../scripts/transpileHuffcSources";

// Unpatched huffc 0.0.25 ships a dist/ compiled from older sources (no __tablesize, among others). The patch
// regenerates dist/ from the patched src/ (scripts/regenerateHuffcDist.ts): this checks they still agree.
describe("huffc patch: dist/ is the transpiled src/", function () {
  this.timeout(60_000);
  const dir = path.dirname(require.resolve("huffc/package.json"));

  it("loads dist/index.js", () => {
    expect(require.resolve("huffc")).to.equal(path.join(dir, "dist", "index.js"));
  });

  it("holds exactly the transpiled sources", () => {
    const expected = transpileHuffcSources(dir);
    const actual = new Map<string, string>();
    const walk = (relative: string) => {
      for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
        const file = `${relative}/${entry.name}`;
        if (entry.isDirectory()) walk(file);
        else actual.set(file, fs.readFileSync(path.join(dir, file), "utf8"));
      }
    };
    walk("dist");
    expect([...actual.keys()].sort()).to.deep.equal([...expected.keys()].sort());
    for (const [file, contents] of expected) expect(actual.get(file), file).to.equal(contents);
  });
});
