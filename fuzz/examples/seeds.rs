//! Writes a few valid inputs for each fuzz target into `<DIR>/<target>/seed-*`, so the fuzzer
//! starts from real streams, files, tokens and tasks instead of from nothing:
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml --example seeds -- fuzz/corpus [TARGET...]
//! ```
//!
//! Only the named targets' seeds are written (all four without names). Existing seed files are
//! overwritten; nothing else in `DIR` is touched.

use std::path::Path;

use zsplice::model::policy::{NamingSchema, Retention, Schedule};
use zsplice::model::task::{PropertyPolicy, SourceSpec, Task, TaskSpec};
use zsplice_stream::drr::build::{sample_stream, StreamBuilder};
use zsplice_stream::drr::{RecordType, BACKUP_MAGIC, COMPOUNDSTREAM, RECORD_SIZE};
use zsplice_stream::file::{write_stream_file, Codec};
use zsplice_zfs::{NvList, ResumeToken};

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let only: Vec<String> = std::env::args().skip(2).collect();
    if !only.is_empty() && !only.iter().any(|t| t == target) {
        return;
    }
    let dir = dir.join(target);
    std::fs::create_dir_all(&dir).expect("creating the corpus directory");
    std::fs::write(dir.join(format!("seed-{name}")), bytes).expect("writing a seed");
}

/// A `zfs send -R`-style compound stream: a header substream, one snapshot's stream, the end.
fn compound_stream() -> Vec<u8> {
    let mut header = StreamBuilder::default();
    let mut rec = [0u8; RECORD_SIZE];
    rec[0..4].copy_from_slice(&(RecordType::Begin as u32).to_ne_bytes());
    rec[4..8].copy_from_slice(&16u32.to_ne_bytes());
    rec[8..16].copy_from_slice(&BACKUP_MAGIC.to_ne_bytes());
    rec[16..24].copy_from_slice(&COMPOUNDSTREAM.to_ne_bytes());
    rec[56..62].copy_from_slice(b"p/a@s1");
    header.record(rec, &[0x5a; 16]);
    let mut s = header.end(0);
    s.extend_from_slice(&sample_stream("p/a@s1", 42, 0, 500));
    let mut end = [0u8; RECORD_SIZE];
    end[0..4].copy_from_slice(&(RecordType::End as u32).to_ne_bytes());
    s.extend_from_slice(&end);
    s
}

fn stream_file(stream: &[u8], codec: Codec, frame_size: u32) -> Vec<u8> {
    write_stream_file(stream, Vec::new(), codec, frame_size, 1_764_000_000, |_| {
        Ok(())
    })
    .expect("writing a stream file in memory")
    .0
}

fn packed_token_nvlist() -> Vec<u8> {
    let mut nv = NvList::new();
    nv.insert_u64("object", 130).unwrap();
    nv.insert_u64("offset", 1 << 20).unwrap();
    nv.insert_u64("bytes", 5_000_000).unwrap();
    nv.insert_u64("toguid", 0xdead_beef).unwrap();
    nv.insert_str("toname", "src/a@s2").unwrap();
    nv.insert_u64("fromguid", 42).unwrap();
    nv.insert_flag("compressok").unwrap();
    nv.insert_flag("largeblockok").unwrap();
    nv.pack().unwrap()
}

fn task() -> Task {
    let spec = TaskSpec {
        name: "nightly".into(),
        sources: vec![
            SourceSpec {
                dataset: "tank/home".parse().unwrap(),
                recursive: false,
                exclude: vec![],
            },
            SourceSpec {
                dataset: "tank/projects".parse().unwrap(),
                recursive: true,
                exclude: vec!["tank/projects/scratch".parse().unwrap()],
            },
        ],
        destination: "backup/tank".parse().unwrap(),
        naming_schema: NamingSchema::new("auto-%Y-%m-%d_%H-%M").unwrap(),
        schedule: "0 2 * * *".parse::<Schedule>().unwrap(),
        retention: "2w".parse::<Retention>().unwrap(),
        allow_from_scratch: false,
        readonly: true,
        properties: PropertyPolicy {
            replicate: true,
            exclude: vec!["sharenfs".into()],
            set: vec![("compression".into(), "zstd".into())],
        },
        source_retention: "48".parse().unwrap(),
        retries: 5,
        stall_timeout: "10m".parse().unwrap(),
        keep_runs: 366,
    };
    let mut t = Task::new(spec, 1_764_000_000);
    t.held
        .insert("tank/home".into(), "auto-2026-11-25_02-00".into());
    t
}

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .expect("usage: seeds DIR [TARGET...] (DIR: the corpus root, e.g. fuzz/corpus)");
    let dir = Path::new(&dir);

    // drr_stream: [piece-size count and flags, piece sizes..., stream].
    let full = sample_stream("p/a@s1", 42, 0, 3000);
    let incremental = sample_stream("p/a@s2", 43, 42, 200);
    let mut zeros = StreamBuilder::begin("p/z@s", 9, 0, 0);
    zeros.write(2, 0, &[0u8; 4096]);
    zeros.free(2, 4096, u64::MAX);
    let zeros = zeros.end(9);
    for (name, prefix, stream) in [
        ("full-whole", &[0u8, 0xff][..], &full),
        ("full-pieces", &[0x0a, 0x05, 0x50, 0x83][..], &full),
        ("incremental", &[0x08, 0x07][..], &incremental),
        ("zeros", &[0x01, 0x3f, 0x40][..], &zeros),
        ("compound", &[0x08, 0xc0][..], &compound_stream()),
    ] {
        let mut input = prefix.to_vec();
        input.extend_from_slice(stream);
        write(dir, "drr_stream", name, &input);
    }

    // stream_file: whole files.
    for (name, stream, codec, frame_size) in [
        ("stored", &full[..], Codec::Stored, 1024),
        ("zstd", &zeros[..], Codec::Zstd { level: 1 }, 2048),
        ("empty", &[][..], Codec::Stored, 4096),
    ] {
        let file = stream_file(stream, codec, frame_size);
        write(dir, "stream_file", name, &file);
    }

    // resume_token: a token's text, and a packed nvlist (the harness wraps it in a token).
    let packed = packed_token_nvlist();
    write(
        dir,
        "resume_token",
        "token",
        ResumeToken::envelope(&packed).as_bytes(),
    );
    write(dir, "resume_token", "nvlist", &packed);

    // task_config: a stored task, and one value per line for the string parsers.
    let json = serde_json::to_vec_pretty(&task()).unwrap();
    write(dir, "task_config", "task", &json);
    write(
        dir,
        "task_config",
        "lines",
        b"0 2 * * *\n2w\nauto-%Y-%m-%d_%H-%M\ntank/home\ntank/home@auto-2026-11-25_02-00\n\
          once\nsource\nz-%Y%m%d-%H%M%S\n*/15 8-18 * * 1-5\n36h",
    );
    println!("seeds written under {}", dir.display());
}
