#!/usr/bin/env node
// The rmcal command; the code is bundled into dist/cli.js by `npm run build`.
import "../dist/cli.js";
