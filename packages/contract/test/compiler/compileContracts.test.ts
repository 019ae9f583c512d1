import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { compileContracts, compileHuff, findHuffContracts } from "../../compiler";

describe("compileContracts", function () {
  this.timeout(120_000);
  const packageDir = fs.mkdtempSync(path.join(os.tmpdir(), "huff-package-"));
  const adder = fs.readFileSync(path.join(__dirname, "fixtures", "Adder.huff"), "utf8");
  fs.mkdirSync(path.join(packageDir, "src", "sub"), { recursive: true });
  fs.writeFileSync(path.join(packageDir, "src", "Adder.huff"), adder);
  fs.writeFileSync(
    path.join(packageDir, "src", "Library.huff"),
    "#define macro HELPER() = takes(0) returns(0) {}",
  );
  fs.writeFileSync(
    path.join(packageDir, "src", "Commented.huff"),
    "// #define macro MAIN() = takes(0) returns(0) {}\n#define macro X() = takes(0) returns(0) {}",
  );
  fs.writeFileSync(path.join(packageDir, "src", "sub", "Nested.huff"), adder);
  fs.mkdirSync(path.join(packageDir, "artifacts"));
  fs.writeFileSync(path.join(packageDir, "artifacts", "Removed.json"), "{}");

  it("finds only the top-level files that define MAIN", () => {
    expect(findHuffContracts(path.join(packageDir, "src"))).to.deep.equal([
      path.join(packageDir, "src", "Adder.huff"),
    ]);
  });

  it("writes one artifact per contract and typechain types", async () => {
    const result = await compileContracts({ packageDir });
    expect(fs.readdirSync(path.join(packageDir, "artifacts"))).to.deep.equal(["Adder.json"]);
    const written = JSON.parse(fs.readFileSync(result.artifactFiles[0], "utf8"));
    const expected = compileHuff({ file: path.join(packageDir, "src", "Adder.huff"), baseDir: packageDir });
    expect(written).to.deep.equal(expected);
    expect(written.sourceName).to.equal("src/Adder.huff");

    const types = path.join(packageDir, "typechain-types");
    expect(result.typeFiles).to.be.greaterThan(0);
    const factory = fs.readFileSync(path.join(types, "factories", "Adder__factory.ts"), "utf8");
    expect(factory).to.include(expected.bytecode);
    const contract = fs.readFileSync(path.join(types, "Adder.ts"), "utf8");
    expect(contract).to.include('getFunction(nameOrSignature: "add" | "step")');
  });
});
