export { compileContracts, type CompiledContracts } from "./compileContracts";
export { compileHuff } from "./compileHuff";
export { findHuffContracts } from "./findHuffContracts";
export { generateTypes } from "./generateTypes";
export { HuffCompileError } from "./HuffCompileError";
export type {
  AbiItem,
  AbiParameter,
  CompileHuffOptions,
  HexString,
  HuffArtifact,
  HuffConstantValue,
} from "./types";
export { writeArtifacts } from "./writeArtifacts";
