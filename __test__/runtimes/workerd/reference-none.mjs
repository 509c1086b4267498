// Stands in for agora-token in the test build of the Worker (the benchmark bundles the real one).
export const RtcTokenBuilder = undefined
