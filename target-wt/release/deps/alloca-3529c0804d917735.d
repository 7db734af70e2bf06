/work/main/target-wt/release/deps/alloca-3529c0804d917735.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/alloca-0.4.0/src/lib.rs

/work/main/target-wt/release/deps/liballoca-3529c0804d917735.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/alloca-0.4.0/src/lib.rs

/work/main/target-wt/release/deps/liballoca-3529c0804d917735.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/alloca-0.4.0/src/lib.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/alloca-0.4.0/src/lib.rs:
