// The device layer: raw machine frames to calibrated uniform samples, and the
// simulated machine. Its types arrive with the issues that build them (see
// docs/architecture.md).
@_exported import CableForm
