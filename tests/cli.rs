//! The command line on bad input (issue 7): a clear message that names the file, a non-zero
//! exit, and nothing written where the output should have gone.

use std::path::PathBuf;
use std::process::Command;

fn claimlens() -> Command {
    Command::new(env!("CARGO_BIN_EXE_claimlens"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("claimlens-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn issue_7_a_huge_article_is_refused_by_name_and_no_corpus_is_written() {
    let dir = temp_dir("huge");
    std::fs::write(dir.join("fine.txt"), "Kim Jong Un met Sergei Lavrov in Pyongyang on Thursday.").expect("write");
    std::fs::write(dir.join("dump.txt"), "a".repeat(9 * 1024 * 1024)).expect("write");
    let out = dir.join("out.clc");
    let run = claimlens().args(["corpus", "build"]).arg(&dir).arg("-o").arg(&out).output().expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(stderr.contains("dump.txt") && stderr.contains("too large"), "{stderr}");
    assert!(!out.exists(), "a failed build must not leave a corpus file");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn issue_7_a_damaged_corpus_file_fails_annotate_with_the_reason() {
    let dir = temp_dir("damaged");
    std::fs::write(dir.join("a.txt"), "Kim Jong Un met Sergei Lavrov in Pyongyang on Thursday.").expect("write");
    let corpus = dir.join("corpus.clc");
    let built = claimlens().args(["corpus", "build"]).arg(&dir).arg("-o").arg(&corpus).output().expect("runs");
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let bytes = std::fs::read(&corpus).expect("corpus written");
    let page = dir.join("page.txt");
    std::fs::write(&page, "Sergei Lavrov met Kim Jong Un.").expect("write");
    for (name, damaged, reason) in [
        ("truncated.clc", bytes[..bytes.len() / 2].to_vec(), "truncated"),
        ("empty.clc", Vec::new(), "not a ClaimLens corpus"),
        ("flipped.clc", { let mut b = bytes.clone(); let last = b.len() - 1; b[last] ^= 0xff; b }, "checksum"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, damaged).expect("write");
        let run = claimlens().args(["annotate", "--corpus"]).arg(&path).arg(&page).output().expect("runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{name} should fail");
        assert!(stderr.contains(name) && stderr.contains(reason), "{name}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
