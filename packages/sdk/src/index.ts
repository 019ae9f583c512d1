export * from "./types";
export * from "./records";
export { recordSchema } from "./recordSchema";
export * from "./errors";
export { OPCODES, type OpcodeInfo, type HaltKind } from "./opcodes";
export { opcodeInfo } from "./opcodeInfo";
export { encodeAccessWitness } from "./encodeAccessWitness";
export { decodeAccessWitness } from "./decodeAccessWitness";
export { encodeRawMessageWitness } from "./encodeRawMessageWitness";
export { decodeRawMessageWitness } from "./decodeRawMessageWitness";
export { encodeMessageWitness } from "./encodeMessageWitness";
export { decodeMessageWitness } from "./decodeMessageWitness";
export { serializeWitnessFile } from "./serializeWitnessFile";
export { parseWitnessFile } from "./parseWitnessFile";
export {
  HYPERVISOR_ERRORS,
  HYPERVISOR_ERRORS_ABI,
  HYPERVISOR_ERRORS_JSON_ABI,
  type ErrorBand,
  type HypervisorErrorName,
  type HypervisorErrorSpec,
} from "./hypervisorErrors";
export {
  decodeVerdict,
  type Verdict,
  type ValidVerdict,
  type InvalidVerdict,
  type InconclusiveVerdict,
} from "./decodeVerdict";
export {
  archiveAddress,
  ARCHIVE_INIT_CODE,
  ARCHIVE_INIT_CODE_HASH,
  ARCHIVE_PART_LIMIT,
  ARCHIVE_PART_MAX,
} from "./archiveAddress";
export { archiveImageLength, ARCHIVE_CODE_PADDING, ARCHIVE_STREAM_PADDING } from "./archiveImageLength";
export { archivePartCount } from "./archivePartCount";
export { archiveParts, type ArchivePart } from "./archiveParts";
export { auditWitness, OSAKA_TX_GAS_CAP, type AuditOptions, type AuditResult } from "./auditWitness";
export { computeRefund } from "./computeRefund";
export { checkFrameLinkage, type LinkageMismatch } from "./checkFrameLinkage";
export { renderRecordSection } from "./renderRecordSection";
export { renderOpcodeSection } from "./renderOpcodeSection";
export { renderErrorSection } from "./renderErrorSection";
export { updateWitnessFormatDoc } from "./updateWitnessFormatDoc";
export { checkWitnessFile, type WitnessIssue } from "./checkWitnessFile";
export { sstoreRefund } from "./sstoreRefund";
export { checkCallTree, type CallTreeIssue } from "./checkCallTree";
export { PRECOMPILES, isPrecompile } from "./isPrecompile";
