import huffc from "huffc";

/** Compiles Huff source text held in memory (`main.huff`, plus any included files) with the patched huffc. */
export function compileSource(
  main: string,
  includes: Record<string, string> = {},
  constants?: Record<string, string>,
) {
  return huffc({
    filePath: "main.huff",
    sources: { "main.huff": main, ...includes },
    generateAbi: true,
    constants,
  });
}

/** The runtime code of a MAIN macro whose body is `body`. */
export function runtimeOf(body: string, definitions = ""): string {
  return compileSource(`${definitions}\n#define macro MAIN() = takes(0) returns(0) {\n${body}\n}\n`)
    .runtimeBytecode;
}
