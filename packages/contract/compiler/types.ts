import type { InterfaceAbi } from "ethers";

/** A `0x`-prefixed hex string. */
export type HexString = `0x${string}`;

/**
 * What compiling one Huff contract produces; `compile` writes one per contract to `artifacts/<Name>.json`.
 * `abi`, `bytecode` and `deployedBytecode` have the names and meaning of a Hardhat/solc artifact, so ethers'
 * `ContractFactory` and typechain read it as they are.
 */
export interface HuffArtifact {
  /** The file name without `.huff` (`Hypervisor` for `src/Hypervisor.huff`). */
  contractName: string;
  /** The entry file, relative to the package directory when it is inside it (`src/Hypervisor.huff`). */
  sourceName: string;
  /** Functions, events and custom errors declared with `#define function|event|error`. */
  abi: InterfaceAbi & readonly AbiItem[];
  /** Init code: CONSTRUCTOR, a bootstrap that returns MAIN, MAIN, then the ABI-encoded constructor arguments. */
  bytecode: HexString;
  /** The runtime code (MAIN followed by the tables it uses). */
  deployedBytecode: HexString;
  /** Every jump label of MAIN -> its offset in `deployedBytecode` (a JUMPDEST). */
  labels: Record<string, number>;
  /** Every custom error -> its 4-byte selector (`0x` + 8 hex digits). */
  errors: Record<string, HexString>;
}

/** One ABI entry as the compiler emits it. */
export interface AbiItem {
  type: "function" | "event" | "error" | "constructor" | "fallback" | "receive";
  name?: string;
  inputs?: readonly AbiParameter[];
  outputs?: readonly AbiParameter[];
  stateMutability?: string;
  anonymous?: boolean;
}

/** One ABI parameter. */
export interface AbiParameter {
  name: string;
  type: string;
  indexed?: boolean;
  components?: readonly AbiParameter[];
}

/** A value a Huff constant can be overridden with: a `0x` hex literal, or a non-negative integer. */
export type HuffConstantValue = HexString | bigint | number;

/** Options of `compileHuff`. */
export interface CompileHuffOptions {
  /** Path of the entry `.huff` file (absolute, or relative to the working directory). */
  file: string;
  /**
   * Constants to define or override (`#define constant NAME = ...` is replaced): lets a build inject
   * generated values. Names are upper case; values fit in 32 bytes.
   */
  constants?: Record<string, HuffConstantValue>;
  /** Constructor arguments, ABI-encoded and appended to `bytecode`. */
  constructorArgs?: { types: readonly string[]; values: readonly unknown[] };
  /** The directory `sourceName` is relative to (default: the working directory). */
  baseDir?: string;
}
