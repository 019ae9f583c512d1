import { expect } from "chai";
import { type Scenario, runScenarios } from "../scripts/scenarios";
import { type RecordedTransaction, createHttpProvider, recordTransaction } from "../src";
import { type Anvil, startAnvil } from "./helpers/anvil";
import { sameBlockApprovals } from "./helpers/sameBlock";
import { checkScenario } from "./helpers/scenarioChecks";

describe("recorder on a real anvil (--steps-tracing, osaka)", function () {
  this.timeout(600_000);
  let anvil: Anvil;
  let scenarios: Scenario[];

  before(async () => {
    anvil = await startAnvil();
    scenarios = await runScenarios(createHttpProvider(anvil.url), false);
  });
  after(async () => {
    await anvil?.stop();
  });

  it("runs every scenario of the fixtures", () => {
    expect(scenarios.map((s) => s.name)).to.include.members([
      "erc20-transfer",
      "weth-deposit",
      "weth-withdraw",
      "uniswap-swap-exact-eth-for-tokens",
    ]);
  });

  it("records a later transaction of a block with the state at its start from prestateTracer", async () => {
    const node = createHttpProvider(anvil.url);
    const deploy = scenarios.find((s) => s.name === "erc20-deploy")!;
    const token = (await node.request({ method: "eth_getTransactionReceipt", params: [deploy.txHash] })) as {
      contractAddress: string;
    };
    const [, second] = await sameBlockApprovals(node, token.contractAddress);
    const rec = await recordTransaction(anvil.url, second);
    const top = rec.frames[0].witness;
    const store = top.stateAccessList.find((r) => r.op === "SSTORE") as {
      original: string;
      current: string;
      value: string;
    };
    // 5 was written by the block's first transaction: the parent block holds 0 there.
    expect([BigInt(store.original), BigInt(store.current), BigInt(store.value)]).to.deep.equal([5n, 5n, 7n]);
    expect(top.stateRootEnter).to.equal(`0x${"00".repeat(32)}`);
    await checkScenario(node, "same-block-approve", true, rec);
  });

  for (const name of [
    "erc20-deploy",
    "erc20-transfer",
    "erc20-transfer-revert",
    "weth-deposit",
    "weth-withdraw",
    "uniswap-add-liquidity-eth",
    "uniswap-swap-exact-eth-for-tokens",
    "uniswap-swap-exact-tokens-for-eth",
    "uniswap-swap-without-allowance",
    "uniswap-remove-liquidity-eth-with-permit",
    "erc20-transfer-out-of-gas",
    "erc20-transfer-sload-out-of-gas",
    "weth-withdraw-call-out-of-gas",
    "weth-total-supply",
    "selfdestruct-to-new-account",
    "proxy-weth-deposit",
    "proxy-weth-withdraw",
    "nested-create-erc20",
    "nested-create-revert",
    "eip7702-deposit-to-delegated-account",
    "eip7702-swap-paying-delegated-account",
  ]) {
    it(`${name}: counted, decodable, linked, gas identities hold`, async () => {
      const s = scenarios.find((x) => x.name === name)!;
      // By URL, as the command line does.
      const rec: RecordedTransaction = await recordTransaction(anvil.url, s.txHash);
      await checkScenario(createHttpProvider(anvil.url), name, s.succeeds, rec);
    });
  }
});
