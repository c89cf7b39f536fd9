// Lints every file named on stdin (one path per line) in ONE node process with dockerfile-utils'
// library API: the fairest reading of its parser speed, without a process start per file.
const fs = require("fs");
const { validate } = require("dockerfile-utils");
const paths = fs.readFileSync(0, "utf8").split("\n").filter(Boolean);
let problems = 0;
for (const p of paths) problems += validate(fs.readFileSync(p, "utf8")).length;
console.error(`dockerfile-utils (library): ${paths.length} files, ${problems} diagnostics`);
