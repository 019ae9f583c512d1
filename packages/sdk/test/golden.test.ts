import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "chai";
import { AbiCoder, keccak256 } from "ethers";
import {
  RECORD_SCHEMAS,
  decodeMessageWitness,
  encodeMessageWitness,
  parseWitnessFile,
  serializeWitnessFile,
} from "../src";
import { goldenWitnessFile } from "./goldenWitness";

const golden = JSON.parse(readFileSync(resolve(__dirname, "golden/all-records.json"), "utf8"));

describe("golden vector (one record of every kind)", () => {
  it("the committed file parses to the golden witness and encodes to the committed bytes", () => {
    const file = parseWitnessFile(golden.file);
    expect(file).to.deep.equal(goldenWitnessFile());
    expect(encodeMessageWitness(file.witness)).to.equal(golden.encoded);
    expect(JSON.parse(serializeWitnessFile(file))).to.deep.equal(golden.file);
    expect(decodeMessageWitness(golden.encoded)).to.deep.equal(file.witness);
  });

  it("the committed bytes are what ethers' AbiCoder reads as the MessageWitness tuple", () => {
    const [t] = AbiCoder.defaultAbiCoder().decode(
      [
        "tuple(bytes32,bytes32,bool,address,address,address,address,uint256,uint256,uint256,uint256,tuple(uint256,bytes32,bytes)[],uint256,bytes32,bytes)",
      ],
      golden.encoded,
    );
    const w = goldenWitnessFile().witness;
    expect(t[0]).to.equal(w.stateRootEnter);
    expect(t[5].toLowerCase()).to.equal(w.to);
    expect(t[10]).to.equal(w.gasUsed);
    expect(t[11]).to.have.length(RECORD_SCHEMAS.length);
    t[11].forEach((r: [bigint, string, string], i: number) => {
      expect(r[0]).to.equal(BigInt(RECORD_SCHEMAS[i].opcode));
      const fixed = RECORD_SCHEMAS[i].fields.filter((f) => f.type !== "bytes").length;
      expect((r[2].length - 2) / 2 - 32 * fixed).to.equal(
        RECORD_SCHEMAS[i].fields.length > fixed ? i % 40 : 0,
      );
    });
    expect(t[14]).to.equal(w.calldata);
    expect(keccak256(golden.encoded)).to.equal(keccak256(encodeMessageWitness(w)));
  });
});
