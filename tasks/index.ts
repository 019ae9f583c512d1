// Every Hardhat task of the workspace. Each task imports its package lazily inside its action,
// so loading this config never needs a built package.
