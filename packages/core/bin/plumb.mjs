#!/usr/bin/env node
// Workspace alias of the `plumb` command (tests and scripts that predate
// @plumb/cli spawn this path). The command itself is packages/cli/bin/plumb.mjs;
// @plumb/core publishes no bin.
import '../../cli/bin/plumb.mjs';
