import path from "node:path";
import { expect } from "chai";
import { Interface, keccak256 } from "ethers";
import { type Deployed, type Hex, audit, deploy, runNative, trueWitness } from "./helpers";

/**
 * Real compiled contracts (OpenZeppelin 4.9.6 build artifacts shipped in the npm package), on paths that
 * touch no state: Solidity's dispatcher, ABI decoding, free memory pointer, pure functions, reverts.
 */
const OZ = path.dirname(
  require.resolve("@openzeppelin/contracts/package.json", {
    paths: [path.join(__dirname, "..", "..", "..", "fixtures-gen")],
  }),
);
const runtime = (name: string): Hex =>
  require(path.join(OZ, "build", "contracts", `${name}.json`)).deployedBytecode as Hex;

const erc20 = new Interface([
  "function decimals() view returns (uint8)",
  "function transfer(address,uint256)",
]);
const erc165 = new Interface(["function supportsInterface(bytes4) view returns (bool)"]);

const cases: { name: string; contract: string; calldata: Hex; status: bigint }[] = [
  {
    name: "ERC20.decimals()",
    contract: "ERC20",
    calldata: erc20.encodeFunctionData("decimals") as Hex,
    status: 1n,
  },
  { name: "ERC20: unknown selector reverts", contract: "ERC20", calldata: "0xdeadbeef", status: 0n },
  { name: "ERC20: short calldata reverts", contract: "ERC20", calldata: "0x12", status: 0n },
  {
    name: "ERC721.supportsInterface(IERC721)",
    contract: "ERC721",
    calldata: erc165.encodeFunctionData("supportsInterface", ["0x80ac58cd"]) as Hex,
    status: 1n,
  },
  {
    name: "ERC721.supportsInterface(0xffffffff)",
    contract: "ERC721",
    calldata: erc165.encodeFunctionData("supportsInterface", ["0xffffffff"]) as Hex,
    status: 1n,
  },
  {
    name: "ERC1155.supportsInterface(IERC1155MetadataURI)",
    contract: "ERC1155",
    calldata: erc165.encodeFunctionData("supportsInterface", ["0x0e89341c"]) as Hex,
    status: 1n,
  },
  {
    name: "ERC1155.supportsInterface with dirty high bits reverts (ABI decoding)",
    contract: "ERC1155",
    calldata: `0x01ffc9a7${"0e89341c".padEnd(62, "0")}ff` as Hex,
    status: 0n,
  },
];

describe("hypervisor: real compiled contracts (OpenZeppelin 4.9.6), state-free paths", function () {
  this.timeout(300_000);
  let d: Deployed;
  before(async () => {
    d = await deploy();
  });

  for (const c of cases) {
    it(c.name, async () => {
      const run = await runNative(d, runtime(c.contract), c.calldata);
      expect(run.status, "native").to.equal(c.status);
      const w = trueWitness(run, c.calldata);
      expect(await audit(d, w)).to.deep.include({ valid: true });
      expect(await audit(d, { ...w, gasUsed: w.gasUsed - 1n })).to.deep.include({
        valid: false,
        error: "GasUsedMismatch",
      });
      expect(await audit(d, { ...w, returndataHash: keccak256("0x01") as Hex })).to.deep.include({
        valid: false,
        error: "ReturnDataMismatch",
      });
    });
  }
});
