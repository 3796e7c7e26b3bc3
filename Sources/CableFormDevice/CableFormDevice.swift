// The device layer: raw machine frames to calibrated uniform samples (Device/),
// the live path into the analyzer, and the simulated machine (Simulation/).
// docs/device.md and docs/architecture.md describe it.
@_exported import CableForm
