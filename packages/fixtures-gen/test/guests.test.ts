/**
 * Guest programs from raw bytecode, run on the in-process Hardhat network and on a real anvil, whose
 * traces have the shapes that broke the recorder: steps that halt on an impossible memory region (near
 * 2^256), a RETURN/REVERT one gas short of its memory expansion (Hardhat reports it with no `error` and
 * gasCost 0), failed creation transactions (Hardhat gives no receipt.contractAddress), a RETURN with
 * too few stack words, and halting SELFDESTRUCTs (Hardhat reports no error: gasCost 0 on a stack
 * underflow or in a static frame, all the gas left when out of gas).
 */
import { expect } from "chai";
import { getCreateAddress, keccak256 } from "ethers";
import {
  type RecordedTransaction,
  type RequestProvider,
  UnrecordableError,
  createHttpProvider,
  recordTransaction,
} from "../src";
import { type Anvil, startAnvil } from "./helpers/anvil";
import { checkRecording, rawTrace } from "./helpers/checks";

const EMPTY = keccak256("0x");
const U256 = (1n << 256n) - 1n;
/** PUSH32 of a word. */
const push32 = (v: bigint) => `7f${v.toString(16).padStart(64, "0")}`;
/** PUSH20 of an address (no 0x). */
const push20 = (a: string) => `73${a.slice(2)}`;
const ZEROS32 = `0x${"00".repeat(32)}`;

interface Sent {
  hash: string;
  status: bigint;
  gasUsed: bigint;
  from: string;
  nonce: bigint;
}

interface Node {
  name: string;
  provider: RequestProvider;
  setCode: string;
}

let nextAccount = 0xa11ce0000n;

/** Sends a transaction from the node's first account (whether it succeeds or fails) and reads its receipt. */
async function send(
  node: Node,
  tx: { to?: string; data: string; gas: bigint; value?: bigint },
): Promise<Sent> {
  const rpc = <T>(method: string, params: unknown[] = []) =>
    node.provider.request({ method, params }) as Promise<T>;
  const [from] = await rpc<string[]>("eth_accounts");
  let hash: string;
  try {
    hash = await rpc<string>("eth_sendTransaction", [
      {
        from,
        ...(tx.to === undefined ? {} : { to: tx.to }),
        data: tx.data,
        value: `0x${(tx.value ?? 0n).toString(16)}`,
        gas: `0x${tx.gas.toString(16)}`,
      },
    ]);
  } catch (e) {
    // Hardhat throws on a failed transaction; the error carries its hash.
    const err = e as { transactionHash?: string; data?: { transactionHash?: string } };
    const h = err.transactionHash ?? err.data?.transactionHash;
    if (h === undefined) throw e;
    hash = h;
  }
  // anvil may answer before the block is mined: wait for the receipt.
  let receipt: { status: string; gasUsed: string } | null = null;
  for (let i = 0; i < 100 && receipt === null; i++) {
    receipt = await rpc<{ status: string; gasUsed: string } | null>("eth_getTransactionReceipt", [hash]);
    if (receipt === null) await new Promise((r) => setTimeout(r, 50));
  }
  if (receipt === null) throw new Error(`no receipt for ${hash}`);
  const t = await rpc<{ nonce: string }>("eth_getTransactionByHash", [hash]);
  return {
    hash,
    status: BigInt(receipt.status),
    gasUsed: BigInt(receipt.gasUsed),
    from: from.toLowerCase(),
    nonce: BigInt(t.nonce),
  };
}

/** Puts `code` at a fresh account. */
async function deploy(node: Node, code: string): Promise<string> {
  const at = `0x${(nextAccount++).toString(16).padStart(40, "0")}`;
  await node.provider.request({ method: node.setCode, params: [at, `0x${code}`] });
  return at;
}

/** Runs `code` at a fresh account with `gas` and records the transaction (checked against the raw trace). */
async function runGuest(
  node: Node,
  code: string,
  gas: bigint,
  value = 0n,
): Promise<{ sent: Sent; rec: RecordedTransaction }> {
  const to = await deploy(node, code);
  const sent = await send(node, { to, data: "0x", gas, value });
  const rec = await recordTransaction(node.provider, sent.hash);
  await checkRecording(node.provider, rec);
  return { sent, rec };
}

/** The least gas limit with which `code` completes: the receipt's gasUsed with plenty of gas. */
async function exactGas(node: Node, code: string, value = 0n): Promise<bigint> {
  const to = await deploy(node, code);
  const sent = await send(node, { to, data: "0x", gas: 1_000_000n, value });
  return sent.gasUsed;
}

/** The top frame halted exceptionally: status 2, all its gas used, no return data; the receipt agrees. */
async function expectTopHalt(node: Node, sent: Sent, rec: RecordedTransaction): Promise<void> {
  const w = rec.frames[0].witness;
  const steps = await rawTrace(node.provider, sent.hash);
  expect(w.status, "status").to.equal(2n);
  expect(w.gasAvailable, "gasAvailable = gas at the first step").to.equal(BigInt(steps[0].gas));
  expect(w.gasUsed, "gasUsed").to.equal(w.gasAvailable);
  expect(w.returndataHash).to.equal(EMPTY);
  expect(sent.status, "receipt status").to.equal(0n);
}

async function rejects(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

describe("guests whose traces have unusual shapes, on Hardhat and on anvil", function () {
  this.timeout(600_000);
  const hre = require("hardhat");
  let anvil: Anvil | undefined;
  const nodes: Node[] = [{ name: "hardhat", provider: hre.network.provider, setCode: "hardhat_setCode" }];
  before(async () => {
    anvil = await startAnvil();
    nodes.push({ name: "anvil", provider: createHttpProvider(anvil.url), setCode: "anvil_setCode" });
  });
  after(async () => {
    await anvil?.stop();
  });

  const forEachNode = (title: string, body: (node: Node) => Promise<void>) => {
    for (const i of [0, 1]) {
      it(`${title} (${i === 0 ? "hardhat" : "anvil"})`, async () => body(nodes[i]));
    }
  };

  for (const op of ["RETURN", "REVERT"] as const) {
    const byte = op === "RETURN" ? "f3" : "fd";
    for (const k of [1n, 32n, 0x40000n]) {
      forEachNode(`${op} of 32 bytes from 2^256-${k} halts, its memory unread`, async (node) => {
        const { sent, rec } = await runGuest(node, `6020${push32((1n << 256n) - k)}${byte}`, 100_000n);
        await expectTopHalt(node, sent, rec);
      });
    }

    forEachNode(`${op} of nothing at 2^256-1 reads nothing and completes`, async (node) => {
      const { sent, rec } = await runGuest(node, `5f${push32(U256)}${byte}`, 100_000n);
      const w = rec.frames[0].witness;
      expect(w.status).to.equal(op === "RETURN" ? 1n : 0n);
      expect(w.gasUsed, "PUSH0 + PUSH32").to.equal(5n);
      expect(w.returndataHash).to.equal(EMPTY);
      expect(sent.status).to.equal(op === "RETURN" ? 1n : 0n);
    });

    forEachNode(`${op} of 0x1000 bytes: exact gas completes, one gas short halts`, async (node) => {
      const code = `6110005f${byte}00`;
      const exact = await exactGas(node, code);
      const ok = await runGuest(node, code, exact);
      const w = ok.rec.frames[0].witness;
      expect(w.status).to.equal(op === "RETURN" ? 1n : 0n);
      expect(w.gasUsed, "all gas used, none left").to.equal(w.gasAvailable);
      expect(w.gasUsed, "PUSH2 + PUSH0 + 128 words of memory").to.equal(3n + 2n + 416n);
      expect(w.returndataHash).to.equal(keccak256(`0x${"00".repeat(0x1000)}`));
      const short = await runGuest(node, code, exact - 1n);
      await expectTopHalt(node, short.sent, short.rec);
    });

    forEachNode(`${op} with one stack word halts (stack underflow)`, async (node) => {
      const { sent, rec } = await runGuest(node, `5f${byte}`, 100_000n);
      await expectTopHalt(node, sent, rec);
    });
  }

  forEachNode("a child that RETURNs from 2^256-1 halts; the parent's CALL record says so", async (node) => {
    const child = await deploy(node, `6020${push32(U256)}f3`);
    // CALL(gas, child, 0, 0, 0, 0, 0), then return the success flag.
    const parent = `5f5f5f5f5f${push20(child)}5af15f5260205ff3`;
    const { sent, rec } = await runGuest(node, parent, 200_000n);
    expect(rec.frames.map((f) => f.name)).to.deep.equal(["0", "0.0"]);
    const c = rec.frames[1].witness;
    expect([c.status, c.gasUsed, c.returndataHash]).to.deep.equal([2n, c.gasAvailable, EMPTY]);
    const call = rec.frames[0].witness.stateAccessList[0] as unknown as Record<string, unknown>;
    expect([call.op, call.success, call.gasUsed, call.gasGiven]).to.deep.equal([
      "CALL",
      false,
      c.gasAvailable,
      c.gasAvailable,
    ]);
    expect(rec.frames[0].witness.status).to.equal(1n);
    expect(sent.status).to.equal(1n);
  });

  forEachNode("LOG0 of 32 bytes at 2^256-32 halts with its record: the data hash of zeros", async (node) => {
    const { sent, rec } = await runGuest(node, `6020${push32(U256 - 31n)}a0`, 100_000n);
    await expectTopHalt(node, sent, rec);
    expect(rec.frames[0].witness.stateAccessList).to.deep.equal([
      { op: "LOG0", stateRoot: ZEROS32, dataHash: keccak256(ZEROS32) },
    ]);
  });

  forEachNode("LOG0 of 2^255 bytes: an UnrecordableError naming the step", async (node) => {
    const to = await deploy(node, `${push32(1n << 255n)}5fa0`);
    const sent = await send(node, { to, data: "0x", gas: 100_000n });
    const e = await rejects(recordTransaction(node.provider, sent.hash));
    expect(e).to.be.instanceOf(UnrecordableError);
    expect(e.message).to.contain("the log data at step 2 (frame 0, LOG0)");
  });

  forEachNode("CALL with its input at 2^256-32 halts with its record: argsHash of zeros", async (node) => {
    // CALL(gas, 0x0, 0, 2^256-32, 32, 0, 0)
    const { sent, rec } = await runGuest(node, `5f5f6020${push32(U256 - 31n)}5f5f5af1`, 100_000n);
    await expectTopHalt(node, sent, rec);
    const [call] = rec.frames[0].witness.stateAccessList as unknown as Record<string, unknown>[];
    expect([call.op, call.argsHash, call.success, call.gasGiven, call.gasUsed]).to.deep.equal([
      "CALL",
      keccak256(ZEROS32),
      false,
      0n,
      0n,
    ]);
  });

  forEachNode("CREATE of 1 byte at 2^256-1 halts with its record: initCodeHash of a zero", async (node) => {
    const { sent, rec } = await runGuest(node, `6001${push32(U256)}5ff0`, 100_000n);
    await expectTopHalt(node, sent, rec);
    const [create] = rec.frames[0].witness.stateAccessList as unknown as Record<string, unknown>[];
    expect([create.op, create.initCodeHash, create.success]).to.deep.equal([
      "CREATE",
      keccak256("0x00"),
      false,
    ]);
  });

  const failedCreations: Array<[string, string, bigint]> = [
    ["reverts with data", "602a5f5260205ffd", 0n],
    ["hits INVALID", "fe", 2n],
    ["deploys code starting with 0xEF (EIP-3541)", "60ef5f5360015ff3", 2n],
    ["deploys 24577 bytes (EIP-170)", "6160015ff3", 2n],
  ];
  for (const [what, init, status] of failedCreations) {
    forEachNode(
      `a creation transaction whose init code ${what}: context from sender + nonce`,
      async (node) => {
        const sent = await send(node, { data: `0x${init}`, gas: 2_000_000n });
        const rec = await recordTransaction(node.provider, sent.hash);
        await checkRecording(node.provider, rec);
        const w = rec.frames[0].witness;
        expect(sent.status).to.equal(0n);
        expect(w.status).to.equal(status);
        expect(w.to).to.equal(`0x${"00".repeat(20)}`);
        expect(w.context).to.equal(getCreateAddress({ from: sent.from, nonce: sent.nonce }).toLowerCase());
        if (status === 0n) expect(w.returndataHash).to.equal(keccak256(`0x${"00".repeat(31)}2a`));
      },
    );
  }

  forEachNode("a creation transaction out of gas in its code deposit", async (node) => {
    const init = "60605f5360645ff3"; // deploys 100 bytes: 20000 gas of deposit
    const ok = await send(node, { data: `0x${init}`, gas: 1_000_000n });
    expect(ok.status).to.equal(1n);
    const sent = await send(node, { data: `0x${init}`, gas: ok.gasUsed - 1n });
    const rec = await recordTransaction(node.provider, sent.hash);
    await checkRecording(node.provider, rec);
    await expectTopHalt(node, sent, rec);
    expect(rec.frames[0].witness.context).to.equal(
      getCreateAddress({ from: sent.from, nonce: sent.nonce }).toLowerCase(),
    );
  });

  forEachNode(
    "CREATE and CREATE2 of empty init code run one STOP; a CREATE2 collision runs none",
    async (node) => {
      // CREATE(0, 0, 0); CREATE2(0, 0, 0, salt 0) twice: the second finds the account made by the first.
      const { sent, rec } = await runGuest(node, "5f5f5ff05f5f5f5ff55f5f5f5ff500", 1_000_000n);
      expect(sent.status).to.equal(1n);
      const top = rec.frames[0].witness;
      const records = top.stateAccessList as unknown as Record<string, unknown>[];
      expect(records.map((r) => [r.op, r.success, r.initCodeHash])).to.deep.equal([
        ["CREATE", true, EMPTY],
        ["CREATE2", true, EMPTY],
        ["CREATE2", false, EMPTY],
      ]);
      // The collision consumes all the gas it gives (no frame runs).
      expect(records[2].gasUsed).to.equal(records[2].gasGiven);
      expect(rec.frames.map((f) => [f.name, f.witness.calldata, f.witness.status])).to.deep.equal([
        ["0", "0x", 1n],
        ["0.0", "0x", 1n],
        ["0.1", "0x", 1n],
      ]);
      expect(rec.frames[2].witness.context).to.equal(records[1].created);
    },
  );

  forEachNode("block values (anvil names PREVRANDAO DIFFICULTY)", async (node) => {
    // NUMBER BLOCKHASH COINBASE TIMESTAMP PREVRANDAO GASLIMIT CHAINID BASEFEE PUSH0 BLOBHASH BLOBBASEFEE
    const { rec } = await runGuest(node, "43404142444546485f494a00", 100_000n);
    expect(rec.frames[0].witness.stateAccessList.map((r) => r.op)).to.deep.equal([
      "NUMBER",
      "BLOCKHASH",
      "COINBASE",
      "TIMESTAMP",
      "PREVRANDAO",
      "GASLIMIT",
      "CHAINID",
      "BASEFEE",
      "BLOBHASH",
      "BLOBBASEFEE",
    ]);
  });

  it("a guest calling itself until a CALL cannot pay its constant gas (hardhat): that CALL takes no record", async () => {
    const node = nodes[0];
    const self = await deploy(node, "5f5f5f5f5f305af100"); // CALL(gas, ADDRESS, 0, 0, 0, 0, 0) STOP
    const sent = await send(node, { to: self, data: "0x", gas: 300_000n });
    const rec = await recordTransaction(node.provider, sent.hash);
    await checkRecording(node.provider, rec);
    const deepest = rec.frames[rec.frames.length - 1];
    expect(deepest.witness.status).to.equal(2n);
    expect(deepest.witness.stateAccessList).to.deep.equal([]);
    expect(rec.unconsumed.map((u) => [u.frame, u.op, u.reason])).to.deep.equal([
      [deepest.name, "CALL", "out of gas on the constant gas"],
    ]);
  });

  forEachNode("SELFDESTRUCT with an empty stack halts before its record", async (node) => {
    const { sent, rec } = await runGuest(node, "ff", 100_000n);
    await expectTopHalt(node, sent, rec);
    expect(rec.frames[0].witness.stateAccessList).to.deep.equal([]);
    expect(rec.unconsumed.map((u) => [u.step, u.op, u.reason])).to.deep.equal([
      [0, "SELFDESTRUCT", "stack underflow"],
    ]);
  });

  forEachNode("SELFDESTRUCT in a static frame halts before its record", async (node) => {
    const child = await deploy(node, "30ff"); // ADDRESS SELFDESTRUCT
    // STATICCALL(gas, child, 0, 0, 0, 0), then STOP.
    const { sent, rec } = await runGuest(node, `5f5f5f5f${push20(child)}5afa00`, 200_000n);
    expect(rec.frames.map((f) => f.name)).to.deep.equal(["0", "0.0"]);
    const c = rec.frames[1].witness;
    expect([c.isStatic, c.status, c.gasUsed, c.stateAccessList.length]).to.deep.equal([
      true,
      2n,
      c.gasAvailable,
      0,
    ]);
    expect(rec.unconsumed.map((u) => [u.frame, u.op, u.reason])).to.deep.equal([
      ["0.0", "SELFDESTRUCT", "state change in a static frame"],
    ]);
    const call = rec.frames[0].witness.stateAccessList[0] as unknown as Record<string, unknown>;
    expect([call.op, call.success, call.gasUsed]).to.deep.equal(["STATICCALL", false, c.gasAvailable]);
    expect(sent.status).to.equal(1n);
  });

  forEachNode("SELFDESTRUCT to a new account: exact gas completes, one gas short halts", async (node) => {
    // A fresh (empty, cold) beneficiary for every run: each run makes its beneficiary exist.
    const fresh = () => `0x${(nextAccount++).toString(16).padStart(40, "0")}`;
    const code = (beneficiary: string) => `${push20(beneficiary)}ff`;
    const exact = await exactGas(node, code(fresh()), 5n);
    const ok = await runGuest(node, code(fresh()), exact, 5n);
    const w = ok.rec.frames[0].witness;
    expect(w.status).to.equal(1n);
    expect(w.gasUsed, "PUSH20 + 5000 + 2600 cold + 25000 new account").to.equal(3n + 5000n + 2600n + 25000n);
    const beneficiary = fresh();
    const short = await runGuest(node, code(beneficiary), exact - 1n, 5n);
    await expectTopHalt(node, short.sent, short.rec);
    expect(short.rec.frames[0].witness.stateAccessList).to.deep.equal([
      { op: "SELFDESTRUCT", stateRoot: ZEROS32, beneficiary, warm: false, exists: false, balance: 5n },
    ]);
  });
});
