//! Writes generated apology emails to a folder, one `.txt` file each, for comparing amends
//! with other prose linters on the same input (`bench/peers.sh`).
//!
//! Usage: `cargo run --release -p amends --example apology_emails -- COUNT FOLDER`

use std::path::PathBuf;
use std::{env, fs};

use anyhow::{Context, bail};

#[path = "../benches/support/emails.rs"]
#[expect(dead_code, reason = "the benchmarks also use each email's names; this example writes only the text")]
mod emails;

fn main() -> anyhow::Result<()> {
    let arguments: Vec<String> = env::args().skip(1).collect();
    let [count, folder] = arguments.as_slice() else {
        bail!("usage: apology_emails COUNT FOLDER");
    };
    let count: u64 = count.parse().with_context(|| format!("COUNT must be a whole number, not `{count}`"))?;
    let folder = PathBuf::from(folder);
    fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    for n in 0..count {
        let path = folder.join(format!("email-{n:05}.txt"));
        fs::write(&path, emails::email(n)).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
