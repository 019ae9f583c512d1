import { expect } from "chai";
import { type Scenario, runScenarios } from "../scripts/scenarios";
import {
  DebugTraceUnavailableError,
  type RequestProvider,
  TraceError,
  TransactionNotFoundError,
  UnrecordableError,
  recordTransaction,
} from "../src";
import { sameBlockApprovals } from "./helpers/sameBlock";

type Log = { op: string; gas: number; gasCost: number; depth: number; pc: number; memory?: unknown };

/** The in-process node, with debug_traceTransaction results passed through `tamper`. */
function tampered(node: RequestProvider, tamper: (logs: Log[]) => void): RequestProvider {
  return {
    async request(args) {
      const r = await node.request(args);
      if (args.method === "debug_traceTransaction") tamper((r as { structLogs: Log[] }).structLogs);
      return r;
    },
  };
}

async function rejects(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

describe("the recorder fails loudly, naming the step", function () {
  this.timeout(600_000);
  const hre = require("hardhat");
  const node: RequestProvider = hre.network.provider;
  let scenarios: Scenario[];
  const hash = (name: string) => scenarios.find((s) => s.name === name)!.txHash;

  before(async () => {
    await node.request({ method: "hardhat_reset", params: [] });
    scenarios = await runScenarios(node, true);
  });

  it("on an SLOAD gas cost that is neither warm nor cold", async () => {
    let at = -1;
    const e = await rejects(
      recordTransaction(
        tampered(node, (logs) => {
          at = logs.findIndex((l) => l.op === "SLOAD");
          logs[at].gasCost = 2000;
        }),
        hash("erc20-transfer"),
      ),
    );
    expect(e).to.be.instanceOf(TraceError);
    expect((e as TraceError).step).to.equal(at);
    expect(e.message)
      .to.contain(`trace step ${at} (frame 0, SLOAD)`)
      .and.contain("neither the warm (100) nor the cold (2100)");
  });

  it("on a CALL whose gas cost fits no EIP-2929/150 case", async () => {
    let at = -1;
    const e = await rejects(
      recordTransaction(
        tampered(node, (logs) => {
          at = logs.findIndex((l) => l.op === "CALL");
          logs[at].gasCost += 1;
        }),
        hash("weth-withdraw"),
      ),
    );
    expect(e).to.be.instanceOf(TraceError);
    expect(e.message).to.contain(`trace step ${at} (frame 0, CALL)`);
  });

  it("on a depth jump without a call", async () => {
    let at = -1;
    const e = await rejects(
      recordTransaction(
        tampered(node, (logs) => {
          at = logs.findIndex((l) => l.op === "STATICCALL") + 1;
          for (let i = at; logs[i].depth === 2; i++) logs[i].depth = 3;
        }),
        hash("uniswap-swap-exact-eth-for-tokens"),
      ),
    );
    expect(e).to.be.instanceOf(TraceError);
    expect(e.message).to.contain(`trace step ${at} `).and.contain("depth jumps from 1 to 3");
  });

  it("on an opcode that is not the code's byte at that pc", async () => {
    let at = -1;
    const e = await rejects(
      recordTransaction(
        tampered(node, (logs) => {
          at = logs.findIndex((l) => l.op === "ADD");
          logs[at].op = "MUL";
        }),
        hash("erc20-transfer"),
      ),
    );
    expect(e).to.be.instanceOf(TraceError);
    expect(e.message).to.contain(`trace step ${at} (frame 0, MUL)`).and.contain("has 0x1 at pc");
  });

  it("on a SSTORE whose gas contradicts the slot's tracked value", async () => {
    const e = await rejects(
      recordTransaction(
        tampered(node, (logs) => {
          const at = logs.findIndex((l) => l.op === "SSTORE");
          logs[at].gasCost = 20000; // the slot was read as nonzero just before
        }),
        hash("erc20-transfer"),
      ),
    );
    expect(e).to.be.instanceOf(TraceError);
    expect(e.message).to.match(/SSTORE\): slot 0x[0-9a-f]{64}: gas cost 20000 fits neither warm nor cold/);
  });

  it("on a trace without memory", async () => {
    const e = await rejects(
      recordTransaction(
        tampered(node, (logs) => {
          for (const l of logs) Reflect.deleteProperty(l, "memory");
        }),
        hash("erc20-transfer"),
      ),
    );
    expect(e).to.be.instanceOf(DebugTraceUnavailableError);
    expect(e.message).to.contain("carry no memory");
  });

  it("on a later transaction of a block that needs state at its start, when the node has no prestateTracer", async () => {
    const token = (await node.request({
      method: "eth_getTransactionReceipt",
      params: [hash("erc20-deploy")],
    })) as { contractAddress: string };
    const [first, second] = await sameBlockApprovals(node, token.contractAddress);
    // The first needs nothing from the node (0 -> 5 shows in the gas); the second needs the slot's
    // value at its start (5), which the parent block does not hold.
    expect((await recordTransaction(node, first)).frames).to.have.length(1);
    const e = await rejects(recordTransaction(node, second));
    expect(e).to.be.instanceOf(UnrecordableError);
    expect(e.message).to.match(
      /cannot record the value of slot \d+ of 0x[0-9a-f]{40} at the start of the transaction: .*number 1 in its block.*prestateTracer/,
    );
  });

  it("on a hash the node does not know", async () => {
    const e = await rejects(recordTransaction(node, `0x${"12".repeat(32)}`));
    expect(e).to.be.instanceOf(TransactionNotFoundError);
  });

  it("records the second transaction of a block, with the top frame's stateRootEnter unknown (zero)", async () => {
    await node.request({ method: "evm_setAutomine", params: [false] });
    const runs = await Promise.all([
      node.request({ method: "eth_accounts", params: [] }) as Promise<string[]>,
    ]);
    const [from, to] = runs[0];
    const token = scenarios.find((s) => s.name === "erc20-deploy")!;
    const receipt = (await node.request({ method: "eth_getTransactionReceipt", params: [token.txHash] })) as {
      contractAddress: string;
    };
    const data = (amount: number) =>
      `0xa9059cbb${to.slice(2).padStart(64, "0")}${amount.toString(16).padStart(64, "0")}`;
    const h1 = (await node.request({
      method: "eth_sendTransaction",
      params: [{ from, to: receipt.contractAddress, data: data(1), gas: "0x30000" }],
    })) as string;
    const h2 = (await node.request({
      method: "eth_sendTransaction",
      params: [{ from, to: receipt.contractAddress, data: data(2), gas: "0x30000" }],
    })) as string;
    await node.request({ method: "evm_mine", params: [] });
    await node.request({ method: "evm_setAutomine", params: [true] });
    const [r1, r2] = await Promise.all([recordTransaction(node, h1), recordTransaction(node, h2)]);
    expect(r1.blockNumber).to.equal(r2.blockNumber);
    expect(r1.frames[0].witness.stateRootEnter).to.not.equal(`0x${"00".repeat(32)}`);
    expect(r2.frames[0].witness.stateRootEnter).to.equal(`0x${"00".repeat(32)}`);
    // The second transfer sees the first one's writes: its SLOADs read them, so original = current = the new value.
    const store = r2.frames[0].witness.stateAccessList.find((r) => r.op === "SSTORE") as {
      original: string;
      current: string;
    };
    expect(store.original).to.equal(store.current);
  });
});
