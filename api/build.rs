//! Builds the web app (`../web`, Vite) into `$OUT_DIR/web`, which `http::web_app` embeds, so
//! that `cargo run -- serve` on a fresh clone serves the whole product from one binary.
//!
//! It runs `npm ci` when `web/node_modules` is missing or older than the lock file, then
//! `npm run build`. Without Node.js, or when the web app fails to build, the binary still
//! builds and serves a page that says so (a warning is printed), unless `LOKET_REQUIRE_WEB=1`
//! (release images), which makes that an error. `LOKET_SKIP_WEB_BUILD=1` skips npm entirely
//! (for working on the API while the app is served from `LOKET_WEB_DIR` or Vite's dev server);
//! `LOKET_WEB_PREBUILT=<folder>` embeds an app built elsewhere (the Dockerfile's Node stage).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let web = manifest.join("../web");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("web");
    // A path that does not exist would rerun this script on every build; the package files
    // always do once the app exists.
    for input in [
        "src",
        "public",
        "index.html",
        "package.json",
        "package-lock.json",
        "vite.config.ts",
    ] {
        let path = web.join(input);
        if path.exists() || input == "package.json" {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    for var in ["LOKET_SKIP_WEB_BUILD", "LOKET_REQUIRE_WEB", "LOKET_WEB_PREBUILT"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let required = std::env::var("LOKET_REQUIRE_WEB").is_ok_and(|v| v == "1");
    let result = if let Ok(prebuilt) = std::env::var("LOKET_WEB_PREBUILT") {
        copy_folder(Path::new(&prebuilt), &out)
    } else if std::env::var("LOKET_SKIP_WEB_BUILD").is_ok_and(|v| v == "1") {
        Err("LOKET_SKIP_WEB_BUILD=1".to_owned())
    } else {
        build_web_app(&web, &out)
    };
    if let Err(why) = result {
        if required {
            panic!("the web app did not build: {why}");
        }
        println!("cargo:warning=the web app is not built into this binary ({why}); `/` says so");
        placeholder(&out);
    }
}

fn build_web_app(web: &Path, out: &Path) -> Result<(), String> {
    if !web.join("package.json").exists() {
        return Err("web/package.json is missing".into());
    }
    let lock = web.join("package-lock.json");
    let installed = web.join("node_modules/.package-lock.json");
    let stale = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => lock > installed,
        _ => true,
    };
    if stale {
        run(web, &["ci", "--no-audit", "--no-fund"])?;
    }
    let out_dir = out.to_str().ok_or("OUT_DIR is not UTF-8")?;
    run(web, &["run", "build", "--", "--outDir", out_dir, "--emptyOutDir"])?;
    if out.join("index.html").exists() {
        Ok(())
    } else {
        Err("the build wrote no index.html".into())
    }
}

fn copy_folder(from: &Path, to: &Path) -> Result<(), String> {
    if !from.join("index.html").is_file() {
        return Err(format!("{} holds no index.html", from.display()));
    }
    copy_folder_contents(from, to)
}

fn copy_folder_contents(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
            copy_folder_contents(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn run(dir: &Path, args: &[&str]) -> Result<(), String> {
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let output = Command::new(npm)
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("npm could not be started ({e}); install Node.js 20"))?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(format!("npm {} failed: {}", args.join(" "), tail.join(" | ")))
    }
}

fn placeholder(out: &Path) {
    std::fs::create_dir_all(out).expect("create the web output folder");
    std::fs::write(
        out.join("index.html"),
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Loket</title></head>\
         <body><h1>Loket</h1><p>The web app was not built into this binary: run <code>npm ci &amp;&amp; \
         npm run build</code> in <code>web/</code> with Node.js 20, then build Loket again. The API and \
         its documentation are at <a href=\"/api/docs/\">/api/docs/</a>.</p></body></html>",
    )
    .expect("write the placeholder page");
}
