// The CableForm domain module: sessions, file formats, rep segmentation,
// tempo, smoothness, momentum, asymmetry and scoring, built on CableFormDSP.
// Its types arrive with the issues that build them (see docs/architecture.md).
@_exported import CableFormDSP
