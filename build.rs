//! Compiles dfix's own Dockerfile grammar (grammars/dockerfile: the
//! generated parser and the hand-written external scanner) into the crate.

fn main() {
    let dir = std::path::Path::new("grammars/dockerfile/src");
    cc::Build::new()
        .std("c11")
        .include(dir)
        .file(dir.join("parser.c"))
        .file(dir.join("scanner.c"))
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-Wno-unused-but-set-variable")
        .flag_if_supported("-Wno-trigraphs")
        .compile("tree-sitter-dockerfile");
    for file in [
        "parser.c",
        "scanner.c",
        "tree_sitter/parser.h",
        "tree_sitter/alloc.h",
    ] {
        println!("cargo:rerun-if-changed={}", dir.join(file).display());
    }
}
