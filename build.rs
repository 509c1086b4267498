fn main() {
    napi_build::setup();
    // napi-build links WebAssembly builds with a 64 MB stack, which makes every instance
    // start with over 60 MB of memory; edge runtimes allow 128 MB in all. The binding
    // neither recurses deeply nor keeps large values on the stack: 2 MiB is plenty. The
    // linker takes the last -z stack-size.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=-zstack-size=2097152");
    }
}
