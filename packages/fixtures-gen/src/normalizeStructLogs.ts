import { OPCODES } from "@iso-hypervisor/sdk";
import { DebugTraceUnavailableError, TraceError } from "./errors";
import type { TraceStep } from "./types";

/** Names some nodes print for an opcode the table knows under its execution-specs mnemonic. */
const ALIASES: Readonly<Record<string, string>> = {
  SHA3: "KECCAK256",
  DIFFICULTY: "PREVRANDAO",
  RANDOM: "PREVRANDAO",
  SUICIDE: "SELFDESTRUCT",
  SWAP: "SWAP1",
  DUP: "DUP1",
};

const BY_MNEMONIC = new Map(OPCODES.map((o) => [o.mnemonic, o.code]));

/**
 * Turns a node's `debug_traceTransaction` struct logs (Hardhat/EDR, anvil, geth and compatibles)
 * into one shape: words as bigint (with or without 0x, padded or not), gas as bigint (number, hex or
 * decimal string), memory as one hex string (array of 32-byte words or one string), depth counted
 * from 1, mnemonics resolved through the SDK's opcode table. It fails on a trace without stack or
 * memory (the recorder needs both: ask the node with `enableMemory: true`).
 *
 * @example
 * const raw = await node.request({ method: "debug_traceTransaction", params: [hash, { enableMemory: true }] });
 * const steps = normalizeStructLogs(raw);
 * steps[0].op; // "PUSH1"
 */
export function normalizeStructLogs(raw: unknown): TraceStep[] {
  const logs = (raw as { structLogs?: unknown } | null)?.structLogs;
  if (!Array.isArray(logs)) {
    throw new DebugTraceUnavailableError(`the result has no structLogs array (got ${describe(raw)})`);
  }
  if (logs.length === 0) return [];
  if (!logs.some((l) => l !== null && typeof l === "object" && "memory" in l)) {
    throw new DebugTraceUnavailableError("the steps carry no memory (the node ignored enableMemory)");
  }
  const base = Number((logs[0] as { depth?: unknown }).depth) === 0 ? 1 : 0;
  return logs.map((l: Record<string, unknown>, index): TraceStep => {
    const where = (detail: string) => new TraceError(index, "?", String(l?.op), detail);
    if (l === null || typeof l !== "object") throw where("not an object");
    if (!Array.isArray(l.stack))
      throw new DebugTraceUnavailableError(`step ${index} has no stack (disableStack is on)`);
    const { op, opcode } = opName(l.op, index);
    const depth = Number(l.depth) + base;
    if (!Number.isInteger(depth) || depth < 1) throw where(`bad depth ${String(l.depth)}`);
    return {
      index,
      pc: Number(toBig(l.pc, index, "pc")),
      op,
      opcode,
      gas: toBig(l.gas, index, "gas"),
      gasCost: toBig(l.gasCost, index, "gasCost"),
      depth,
      stack: l.stack.map((w: unknown) => toBig(w, index, "stack")),
      memory: memoryHex(l.memory, index),
      refund: l.refund === undefined || l.refund === null ? undefined : toBig(l.refund, index, "refund"),
      error: errorText(l.error),
    };
  });
}

function opName(raw: unknown, index: number): { op: string; opcode: number | undefined } {
  if (typeof raw === "number") {
    const row = OPCODES.find((o) => o.code === raw);
    return { op: row?.mnemonic ?? `0x${raw.toString(16)}`, opcode: row?.code };
  }
  if (typeof raw !== "string")
    throw new TraceError(index, "?", String(raw), "op is neither a name nor a number");
  const upper = raw.toUpperCase();
  const op = ALIASES[upper] ?? upper;
  return { op, opcode: BY_MNEMONIC.get(op) };
}

function toBig(v: unknown, index: number, field: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === "string") {
    const s = v.trim();
    if (/^0x[0-9a-fA-F]*$/.test(s)) return s.length === 2 ? 0n : BigInt(s);
    if (field === "stack" && /^[0-9a-fA-F]+$/.test(s)) return BigInt(`0x${s}`);
    if (/^[0-9]+$/.test(s)) return BigInt(s);
  }
  throw new TraceError(index, "?", "?", `${field} is not a number: ${JSON.stringify(v)}`);
}

function memoryHex(v: unknown, index: number): string {
  if (v === undefined || v === null) return "";
  const parts = Array.isArray(v) ? v : [v];
  let out = "";
  for (const p of parts) {
    if (typeof p !== "string") throw new TraceError(index, "?", "?", "memory word is not a string");
    const h = p.startsWith("0x") ? p.slice(2) : p;
    if (!/^[0-9a-fA-F]*$/.test(h) || (Array.isArray(v) && h.length !== 64)) {
      throw new TraceError(index, "?", "?", `memory is not 32-byte hex words: ${p.slice(0, 80)}`);
    }
    out += h.toLowerCase();
  }
  if (out.length % 64 !== 0)
    throw new TraceError(index, "?", "?", "memory length is not a multiple of 32 bytes");
  return out;
}

function errorText(v: unknown): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  return typeof v === "string" ? v : JSON.stringify(v);
}

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.slice(0, 120);
}
