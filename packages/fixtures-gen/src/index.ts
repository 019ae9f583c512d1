export * from "./errors";
export type { RecordedFrame, RecordedTransaction, RequestProvider, TraceStep } from "./types";
export { createHttpProvider } from "./createHttpProvider";
export { normalizeStructLogs } from "./normalizeStructLogs";
export { recordTransaction } from "./recordTransaction";
export { writeWitnessFiles } from "./writeWitnessFiles";
