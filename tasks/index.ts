// Every Hardhat task of the workspace, one file each. A task imports its package lazily inside its
// action, so loading this config never needs a built package.
import "./demo";
import "./forge-test";
import "./solc";
import "./audit-witness";
import "./record-tx";
