import path from "node:path";
import { AbiCoder } from "ethers";
import huffc from "huffc";
import { HuffCompileError } from "./HuffCompileError";
import type { AbiItem, CompileHuffOptions, HexString, HuffArtifact, HuffConstantValue } from "./types";

const MAX_WORD = (1n << 256n) - 1n;

/** A constant override as the compiler takes it (`0x` + even-length hex, at most 32 bytes). */
function constantLiteral(file: string, name: string, value: HuffConstantValue): string {
  if (typeof value === "string") {
    if (!/^0x[0-9a-fA-F]{1,64}$/.test(value)) {
      throw new HuffCompileError(
        file,
        `constant ${name} = ${value}: not a 0x hex literal of at most 32 bytes`,
      );
    }
    return value;
  }
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new HuffCompileError(file, `constant ${name} = ${value}: not a safe integer`);
  }
  const word = BigInt(value);
  if (word < 0n || word > MAX_WORD) {
    throw new HuffCompileError(file, `constant ${name} = ${value}: outside 0..2^256-1`);
  }
  return `0x${word.toString(16)}`;
}

/**
 * Compiles one Huff contract in this process (huffc 0.0.25 with the project's patch) into an artifact:
 * ABI, init code, runtime code, MAIN's jump labels and the custom errors' selectors. Any compiler failure
 * throws a `HuffCompileError` naming the file and the reason.
 *
 * @example
 * const artifact = compileHuff({ file: "src/Hypervisor.huff", constants: { MAX_DEPTH: 1024n } });
 * const factory = new ethers.ContractFactory(artifact.abi, artifact.bytecode, signer);
 * artifact.labels.op_add; // runtime offset of the `op_add:` JUMPDEST
 * artifact.errors.MalformedWitness; // "0x...": the 4-byte selector
 */
export function compileHuff(options: CompileHuffOptions): HuffArtifact {
  const file = path.resolve(options.file);
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const constants: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.constants ?? {})) {
    constants[name] = constantLiteral(file, name, value);
  }

  let output: ReturnType<typeof huffc>;
  try {
    output = huffc({ filePath: file, generateAbi: true, constants });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HuffCompileError(file, reason, { cause: error });
  }

  for (const [field, code] of [
    ["bytecode", output.bytecode],
    ["runtime bytecode", output.runtimeBytecode],
  ] as const) {
    if (!/^([0-9a-f]{2})*$/.test(code)) {
      throw new HuffCompileError(
        file,
        `the compiler produced a malformed ${field} (unresolved placeholder?)`,
      );
    }
  }

  let bytecode = `0x${output.bytecode}` as HexString;
  if (options.constructorArgs) {
    const { types, values } = options.constructorArgs;
    bytecode = `${bytecode}${AbiCoder.defaultAbiCoder().encode(types, values).slice(2)}` as HexString;
  }

  const relative = path.relative(baseDir, file);
  return {
    contractName: path.basename(file, ".huff"),
    sourceName: relative.startsWith("..") ? file : relative.split(path.sep).join("/"),
    abi: JSON.parse(output.abi) as AbiItem[],
    bytecode,
    deployedBytecode: `0x${output.runtimeBytecode}`,
    labels: { ...output.labels },
    errors: output.errors as Record<string, HexString>,
  };
}
