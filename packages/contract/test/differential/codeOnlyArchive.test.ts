import { archiveAddress, archiveParts } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { AbiCoder } from "ethers";
import { accountCodeHash } from "../../lib/archiveCode";
import { auditFrames } from "../../lib/auditFrames";
import { sendTransaction } from "../../lib/sendTransaction";
import type { AuditHost, Hex } from "../../lib/types";
import { expectTruthValidGasRejected } from "./helpers/auditTruthAndGas";
import { differentialCases } from "./helpers/cases";
import { deployAudit } from "./helpers/deployAudit";
import { stackEffect } from "./helpers/lookup";
import { runNative } from "./helpers/runNative";

/**
 * Code-only archives (no analysis image: cheaper to make) are audited with the lazy analysis, the one
 * init code always gets; an unfinished image falls back to it too. Same verdicts as with the image.
 */
describe("differential: code-only archives (lazy analysis of message-frame code)", function () {
  this.timeout(600_000);
  let host: AuditHost;
  let factory: Hex;
  let hypervisor: Hex;
  before(async () => {
    ({ host, factory, hypervisor } = await deployAudit());
  });

  const all = differentialCases(stackEffect).filter((c) => !c.creation);
  const picked = all.filter(
    (c, i) => i % 6 === 0 || /jump|forced|split|pushes|overflow|underflow/i.test(c.name),
  );

  for (const c of picked) {
    it(c.name, async () => {
      const run = await runNative(host, c);
      await expectTruthValidGasRejected({ host, factory, hypervisor }, run, c.name, { image: false });
      const image = archiveParts((run.code.length - 2) / 2).find((p) => p.source === "image")!;
      const imagePart = (await host.provider.request({
        method: "eth_getCode",
        params: [
          archiveAddress(factory, await accountCodeHash(host, run.frame.witness.to), undefined, image.part),
          "latest",
        ],
      })) as Hex;
      expect(imagePart, "no image part was made").to.equal("0x");
    });
  }

  it("an unfinished image (part 2 made, part 3 not) falls back to the lazy analysis: valid, and dearer than the whole image", async () => {
    const c = all.find((x) => x.name === "ADD edge pairs #0")!;
    const run = await runNative(host, c);
    const w = run.frame.witness;
    const parts = archiveParts((run.code.length - 2) / 2);
    expect(parts.filter((p) => p.source === "image").length, "several image parts").to.be.greaterThan(2);
    // code parts, then image part 2 only
    const coder = AbiCoder.defaultAbiCoder();
    for (const part of [0, 2]) {
      const sent = await sendTransaction(host, {
        to: factory,
        data: coder.encode(["address", "uint256"], [w.to, part]) as Hex,
        gas: 16_777_216n,
      });
      expect(sent.success, `part ${part}`).to.equal(true);
    }
    const [partial] = await auditFrames(
      host,
      [{ file: c.name, frame: "0", witness: w, code: run.frame.code }],
      {
        hypervisor,
        factory,
        image: false,
      },
    );
    expect(partial.reason).to.equal("Valid");
    // now the whole image: the same verdict for less audit gas
    const [whole] = await auditFrames(
      host,
      [{ file: c.name, frame: "0", witness: w, code: run.frame.code }],
      {
        hypervisor,
        factory,
      },
    );
    expect(whole.reason).to.equal("Valid");
    expect(whole.auditGas!).to.be.lessThan(partial.auditGas!);
  });
});
