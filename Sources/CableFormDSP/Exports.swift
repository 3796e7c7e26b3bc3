// `Complex<Double>` appears in CableFormDSP's public API (the FFT), so clients
// get swift-numerics' ComplexModule with `import CableFormDSP`.
@_exported import ComplexModule
