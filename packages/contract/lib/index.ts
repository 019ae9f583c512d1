export type { AbiItem, AbiParameter, HexString, HuffArtifact } from "../compiler/types";
export { ArtifactNotFoundError, loadArtifact } from "./loadArtifact";
export { ArchiveCodeError, type ArchiveCodeOptions, accountCodeHash, archiveCode } from "./archiveCode";
export {
  type AuditFrameInput,
  type AuditFramesOptions,
  DEFAULT_AUDIT_GAS,
  type FrameAudit,
  type Verdict,
  auditFrames,
} from "./auditFrames";
export { type AuditAnswer, decodeAuditAnswer } from "./decodeAuditAnswer";
export { DeploymentError, deployArchiveFactory } from "./deployArchiveFactory";
export { deployHypervisor } from "./deployHypervisor";
export {
  type SentTransaction,
  SendTransactionError,
  type TransactionRequest,
  sendTransaction,
} from "./sendTransaction";
export type { AuditHost, Eip1193Provider, Hex } from "./types";
export { auditWitnessFiles } from "./auditWitnessFiles";
export { formatFrameAudit } from "./formatFrameAudit";
export { WitnessInputError, frameName, loadWitnessFiles } from "./loadWitnessFiles";
export { AUDIT_DEPLOYER, createAuditHost } from "./createAuditHost";
