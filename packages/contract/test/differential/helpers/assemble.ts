/** A `0x`-prefixed hex string. */
export type Hex = `0x${string}`;

/** Mnemonic -> opcode byte; the tests build it from the SDK's opcode table. */
export type OpcodeLookup = (mnemonic: string) => number | undefined;

/** A program text the assembler cannot translate; names the token and its position. */
export class AssembleError extends Error {
  override name = "AssembleError";
  constructor(
    message: string,
    readonly token: string,
    readonly index: number,
  ) {
    super(`${message} (token ${index}: ${JSON.stringify(token)})`);
  }
}

/**
 * A tiny EVM assembler for test programs. Tokens are separated by white space; `//` starts a comment.
 * - `ADD`, `MSTORE`, ...: one opcode (any mnemonic the lookup knows).
 * - `PUSHn x`: PUSHn with immediate `x` (hex `0x..` or decimal), left-padded to n bytes.
 * - `PUSH x`: the shortest push of `x` (PUSH0 for zero).
 * - `name:` defines a label at the current offset; `@name` is `PUSH2 <offset of name>`.
 * - a bare `0x..` token: raw bytes copied as they are (truncated pushes, undefined opcodes, data).
 *
 * @example
 * const code = assemble("PUSH1 2 PUSH1 3 ADD PUSH0 MSTORE PUSH1 32 PUSH0 RETURN", lookup);
 * // "0x60026003015f5260205ff3"
 */
export function assemble(source: string, lookup: OpcodeLookup): Hex {
  const tokens = source
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, ""))
    .join(" ")
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const labels = new Map<string, number>();
  const fixups: { at: number; label: string; index: number }[] = [];
  const out: number[] = [];
  const op = (mnemonic: string, index: number) => {
    const code = lookup(mnemonic);
    if (code === undefined) throw new AssembleError("unknown mnemonic", mnemonic, index);
    out.push(code);
  };
  const immediate = (text: string | undefined, size: number, index: number) => {
    if (text === undefined) throw new AssembleError("missing immediate", "", index);
    let value: bigint;
    try {
      value = BigInt(text);
    } catch (cause) {
      throw new AssembleError("immediate is not a number", text, index);
    }
    if (value < 0n || value >= 1n << BigInt(8 * size))
      throw new AssembleError(`immediate does not fit ${size} bytes`, text, index);
    for (let b = size - 1; b >= 0; b--) out.push(Number((value >> BigInt(8 * b)) & 0xffn));
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.endsWith(":")) {
      const name = t.slice(0, -1);
      if (labels.has(name)) throw new AssembleError("label defined twice", t, i);
      labels.set(name, out.length);
    } else if (t.startsWith("@")) {
      op("PUSH2", i);
      fixups.push({ at: out.length, label: t.slice(1), index: i });
      out.push(0, 0);
    } else if (/^0x[0-9a-fA-F]*$/.test(t)) {
      if (t.length % 2 !== 0) throw new AssembleError("raw bytes need an even number of hex digits", t, i);
      for (let k = 2; k < t.length; k += 2) out.push(Number.parseInt(t.slice(k, k + 2), 16));
    } else if (t.toUpperCase() === "PUSH") {
      const text = tokens[++i];
      const value = BigInt(text ?? "x");
      const size = value === 0n ? 0 : Math.ceil(value.toString(16).length / 2);
      op(`PUSH${size}`, i);
      immediate(text, size, i);
    } else {
      const m = /^PUSH(\d+)$/i.exec(t);
      if (m && Number(m[1]) > 0) {
        op(t.toUpperCase(), i);
        immediate(tokens[++i], Number(m[1]), i);
      } else {
        op(t.toUpperCase(), i);
      }
    }
  }
  for (const f of fixups) {
    const target = labels.get(f.label);
    if (target === undefined) throw new AssembleError("undefined label", `@${f.label}`, f.index);
    out[f.at] = target >> 8;
    out[f.at + 1] = target & 0xff;
  }
  return `0x${Buffer.from(out).toString("hex")}`;
}
