//! SoftHSM2 tokens for tests (Debian `softhsm2`): made in a directory of the test's own, with
//! keys imported by `softhsm2-util`, reached through the `SOFTHSM2_CONF` the caller passes to
//! whatever loads the module.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{TestkitError, err};

/// Where Debian installs the SoftHSM2 module, the first that exists (or `ADES_PKCS11_MODULE`).
pub fn module() -> Result<PathBuf, TestkitError> {
    if let Some(path) = std::env::var_os("ADES_PKCS11_MODULE") {
        return Ok(PathBuf::from(path));
    }
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .ok_or_else(|| {
        err("SoftHSM2 is not installed (scripts/test.sh installs the Debian package softhsm2)")
    })
}

/// A token labelled `label` with user PIN `pin` (SO PIN `12345678`) in `dir`, holding each
/// `(key label, hex id, PKCS#8 PEM file)` of `keys`; returns the `SOFTHSM2_CONF` file.
pub fn token(
    dir: &Path,
    label: &str,
    pin: &str,
    keys: &[(&str, &str, &Path)],
) -> Result<PathBuf, TestkitError> {
    let tokens = dir.join("tokens");
    std::fs::create_dir_all(&tokens).map_err(err)?;
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\n",
            tokens.display()
        ),
    )
    .map_err(err)?;
    let util = |args: &[&str]| -> Result<(), TestkitError> {
        let out = Command::new("softhsm2-util")
            .args(args)
            .env("SOFTHSM2_CONF", &conf)
            .output()
            .map_err(|e| err(format!("softhsm2-util (Debian softhsm2): {e}")))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(err(format!(
                "softhsm2-util {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            )))
        }
    };
    util(&[
        "--init-token",
        "--free",
        "--label",
        label,
        "--pin",
        pin,
        "--so-pin",
        "12345678",
    ])?;
    for (key_label, id, pem) in keys {
        let pem = pem.to_str().ok_or_else(|| err("key path is not UTF-8"))?;
        util(&[
            "--import", pem, "--token", label, "--label", key_label, "--id", id, "--pin", pin,
        ])?;
    }
    Ok(conf)
}
