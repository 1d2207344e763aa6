// The repository's root folder, for tests that read files or run scripts by path.
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
