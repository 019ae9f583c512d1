import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "chai";
import { AbiCoder, type Signer, keccak256 } from "ethers";
import fc from "fast-check";
import {
  FrameStatus,
  type MessageWitness,
  auditWitness,
  decodeRawMessageWitness,
  decodeVerdict,
  encodeMessageWitness,
} from "../src";
import { messageWitness } from "./arbitraries";

/**
 * Differential test of the canonical-encoding rule (docs/witness-format.md 2.2): the SDK's decoder and
 * the compiled hypervisor must reject exactly the same byte strings. Needs the contract's compiled
 * artifacts (`pnpm --filter @iso-hypervisor/contract compile`); pending without them.
 */
const ARTIFACTS = resolve(__dirname, "../../contract/artifacts");
const GUEST = `0x${"cc".repeat(20)}` as `0x${string}`;

describe("canonical encoding: decodeRawMessageWitness vs the compiled hypervisor", function () {
  this.timeout(300_000);
  let call: (data: string) => Promise<{ reverted: boolean; data: string }>;
  let hypervisorAddress: string;
  let signer: Signer;

  before(async function () {
    if (!existsSync(resolve(ARTIFACTS, "Hypervisor.json"))) this.skip();
    const hre = (await import("hardhat")) as unknown as {
      ethers: { getSigners(): Promise<Signer[]> };
      network: { provider: { request(a: { method: string; params: unknown[] }): Promise<unknown> } };
    };
    [signer] = await hre.ethers.getSigners();
    const provider = hre.network.provider;
    const artifact = (name: string) => JSON.parse(readFileSync(resolve(ARTIFACTS, `${name}.json`), "utf8"));
    const deploy = async (data: string) =>
      (await (await signer.sendTransaction({ data })).wait())!.contractAddress!;
    const coder = AbiCoder.defaultAbiCoder();
    const factory = await deploy(artifact("ArchiveFactory").bytecode);
    const hypervisor = await deploy(
      artifact("Hypervisor").bytecode + coder.encode(["address"], [factory]).slice(2),
    );
    hypervisorAddress = hypervisor;
    await provider.request({ method: "hardhat_setCode", params: [GUEST, "0x00"] });
    await (await signer.sendTransaction({ to: factory, data: coder.encode(["address"], [GUEST]) })).wait();
    call = async (data) => {
      try {
        const r = await provider.request({
          method: "eth_call",
          params: [{ to: hypervisor, data, gas: "0xf00000" }, "latest"],
        });
        return { reverted: false, data: r as string };
      } catch (e) {
        const d = (e as { data?: unknown })?.data;
        const inner = typeof d === "object" && d !== null ? (d as { data?: unknown }).data : d;
        return { reverted: true, data: typeof inner === "string" ? inner : "0x" };
      }
    };
  });

  it("accepts a STOP frame's canonical witness as valid, also through auditWitness", async () => {
    const w: MessageWitness = {
      stateRootEnter: `0x${"00".repeat(32)}`,
      stateRootLeave: `0x${"00".repeat(32)}`,
      isStatic: false,
      origin: `0x${"aa".repeat(20)}`,
      caller: `0x${"aa".repeat(20)}`,
      to: GUEST,
      context: GUEST,
      callvalue: 0n,
      gasPrice: 1n,
      gasAvailable: 100_000n,
      gasUsed: 0n,
      stateAccessList: [],
      status: FrameStatus.Success,
      returndataHash: keccak256("0x") as `0x${string}`,
      calldata: "0x1234",
    };
    const bytes = encodeMessageWitness(w);
    expect(decodeVerdict(await call(bytes), bytes).verdict).to.equal("valid");

    // auditWitness through ethers: the same verdict, and the audit gas of a transaction
    const audit = await auditWitness(hypervisorAddress, signer, w, { measureGas: true });
    expect(audit.verdict.verdict).to.equal("valid");
    expect(audit.transaction).to.deep.include({ reverted: false, agreesWithCall: true });
    const wrong = await auditWitness(hypervisorAddress, signer, { ...w, gasUsed: 7n }, { measureGas: true });
    expect(wrong.verdict).to.deep.include({ verdict: "invalid", reason: "GasUsedMismatch", record: 0n });
    expect((wrong.verdict as { args: unknown }).args).to.deep.equal({ actual: 0n });
    expect(wrong.transaction).to.deep.include({ reverted: true, agreesWithCall: true });
  });

  it("rejects as MalformedWitness exactly the mutated encodings the SDK rejects (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        messageWitness,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 2 }),
        async (w, mutations) => {
          const bytes = Buffer.from(encodeMessageWitness({ ...w, to: GUEST }).slice(2), "hex");
          for (const [at, value] of mutations) bytes[at % bytes.length] = value;
          const input = `0x${bytes.toString("hex")}` as `0x${string}`;
          let sdkRejects = false;
          try {
            decodeRawMessageWitness(input);
          } catch {
            sdkRejects = true;
          }
          const verdict = decodeVerdict(await call(input), input);
          const malformed = verdict.verdict === "invalid" && verdict.reason === "MalformedWitness";
          expect(malformed, `SDK ${sdkRejects ? "rejects" : "accepts"} ${input.slice(0, 80)}…`).to.equal(
            sdkRejects,
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
