//! Many files through one command: the files named, the signatures found in folders, or the
//! lines of a manifest, taken lazily in a stable order, split in shards for many machines,
//! and worked on by a fixed number of threads over a bounded queue (memory does not grow with
//! the number of files).

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::sync_channel;

use crate::error::CliError;

/// Where a batch's files come from and which of them this process takes.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct BatchArgs {
    /// A manifest: one path per line, relative to the manifest's folder, which it may not
    /// leave ('#' starts a comment); taken after the FILE arguments.
    #[arg(long, value_name = "FILE")]
    pub(crate) manifest: Option<PathBuf>,
    /// Take only the I-th of N shares of the files (counting from 0), so that N machines
    /// split one batch; `--shard /N` reads I from JOB_COMPLETION_INDEX (a Kubernetes
    /// Indexed Job).
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub(crate) shard: Option<ShardSpec>,
    /// Worker threads (default: every core).
    #[arg(long, value_name = "N")]
    pub(crate) jobs: Option<usize>,
}

/// `--shard I/N`, the index possibly left to the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShardSpec {
    index: Option<usize>,
    count: usize,
}

/// The share of a batch one process takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    index: usize,
    count: usize,
}

fn parse_shard(text: &str) -> Result<ShardSpec, String> {
    let (index, count) = text
        .split_once('/')
        .ok_or("expected I/N, e.g. 0/4 (or /4 to read I from JOB_COMPLETION_INDEX)")?;
    let count: usize = count
        .trim()
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .ok_or("N must be a whole number above 0")?;
    let index = match index.trim() {
        "" => None,
        i => Some(i.parse::<usize>().map_err(|_| "I must be a whole number")?),
    };
    if index.is_some_and(|i| i >= count) {
        return Err(format!("I must be below N ({count})"));
    }
    Ok(ShardSpec { index, count })
}

impl BatchArgs {
    /// The shard this process takes (all files without `--shard`).
    pub(crate) fn shard(&self) -> Result<Shard, CliError> {
        let Some(spec) = self.shard else {
            return Ok(Shard { index: 0, count: 1 });
        };
        let index = match spec.index {
            Some(i) => i,
            None => std::env::var("JOB_COMPLETION_INDEX")
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .ok_or_else(|| {
                    CliError::Usage(
                        "--shard /N needs JOB_COMPLETION_INDEX set to this worker's index".into(),
                    )
                })?,
        };
        if index >= spec.count {
            return Err(CliError::Usage(format!(
                "shard index {index} is not below the shard count {}",
                spec.count
            )));
        }
        Ok(Shard {
            index,
            count: spec.count,
        })
    }

    /// Worker threads: `--jobs`, else the cores available.
    pub(crate) fn workers(&self) -> usize {
        self.jobs
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// Whether the command works on more than the one file named.
    pub(crate) fn is_batch(&self, files: &[PathBuf]) -> bool {
        self.manifest.is_some()
            || self.shard.is_some()
            || files.len() != 1
            || files.first().is_some_and(|f| f.is_dir())
    }

    /// The files of the batch, in a stable order, this shard's share only: `files` (folders
    /// walked for the files `wanted` accepts), then the manifest's lines. A manifest that
    /// names a path outside its folder is refused before any file is taken.
    pub(crate) fn files(
        &self,
        files: &[PathBuf],
        wanted: fn(&Path) -> bool,
    ) -> Result<impl Iterator<Item = PathBuf> + Send + use<>, CliError> {
        let shard = self.shard()?;
        let manifest = match &self.manifest {
            Some(m) => manifest_entries(m)?,
            None => Vec::new(),
        };
        let walk = Walk {
            pending: files.iter().rev().map(|p| (p.clone(), true)).collect(),
            wanted,
        };
        Ok(walk
            .chain(manifest)
            .enumerate()
            .filter(move |(i, _)| i % shard.count == shard.index)
            .map(|(_, p)| p))
    }
}

/// A depth-first walk in name order; named files are always taken, files found in folders
/// only when `wanted` and not hidden; symbolic links to folders are not followed (no loops).
struct Walk {
    /// Paths still to visit, the next last; `true` when named by the user.
    pending: Vec<(PathBuf, bool)>,
    wanted: fn(&Path) -> bool,
}

impl Iterator for Walk {
    type Item = PathBuf;

    fn next(&mut self) -> Option<PathBuf> {
        while let Some((path, named)) = self.pending.pop() {
            let is_dir = if named {
                path.is_dir()
            } else {
                std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
            };
            if !is_dir {
                if named || (self.wanted)(&path) {
                    return Some(path);
                }
                continue;
            }
            // An unreadable folder yields its own path, so the command reports it.
            let Ok(entries) = std::fs::read_dir(&path) else {
                return Some(path);
            };
            // Hidden files (and our own `.ades-*` temporary files) are not taken.
            let mut children: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .collect();
            children.sort();
            self.pending
                .extend(children.into_iter().rev().map(|p| (p, false)));
        }
        None
    }
}

/// The paths a manifest lists, resolved against its folder; any that leaves it is refused.
fn manifest_entries(manifest: &Path) -> Result<Vec<PathBuf>, CliError> {
    let text = std::fs::read_to_string(manifest).map_err(|e| CliError::io(manifest, e))?;
    let root = manifest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let root_canonical = root.canonicalize().map_err(|e| CliError::io(root, e))?;
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let relative = Path::new(line);
        let escapes = relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        let path = root.join(relative);
        let outside = escapes
            || path
                .canonicalize()
                .is_ok_and(|p| !p.starts_with(&root_canonical));
        if outside {
            return Err(CliError::Usage(format!(
                "{} line {}: {line} is outside the manifest's folder {}: refused",
                manifest.display(),
                number + 1,
                root.display()
            )));
        }
        out.push(path);
    }
    Ok(out)
}

/// Runs `work` on every item with `workers` threads and hands each result to `emit` on the
/// calling thread as soon as it is ready (in completion order). At most a few results per
/// worker wait at any time.
pub(crate) fn run_pool<T: Send, R: Send>(
    workers: usize,
    items: impl Iterator<Item = T> + Send,
    work: impl Fn(T) -> R + Sync,
    mut emit: impl FnMut(R),
) {
    let workers = workers.max(1);
    let items = Mutex::new(items);
    let (sender, receiver) = sync_channel::<R>(workers * 2);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (items, work) = (&items, &work);
            scope.spawn(move || {
                loop {
                    let next = match items.lock() {
                        Ok(mut guard) => guard.next(),
                        Err(_) => None,
                    };
                    let Some(item) = next else { break };
                    if sender.send(work(item)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for result in receiver {
            emit(result);
        }
    });
}

/// Runs `operation` ("sign", "extend") on every file of the batch with every worker: a file
/// that fails is reported and the others go on; one summary line; the worst exit code.
pub(crate) fn for_each_file(
    batch: &BatchArgs,
    files: &[PathBuf],
    wanted: fn(&Path) -> bool,
    operation: &str,
    work: &(dyn Fn(&Path) -> Result<PathBuf, CliError> + Sync),
) -> Result<u8, CliError> {
    let files = batch.files(files, wanted)?;
    let started = std::time::Instant::now();
    let progress = crate::progress::counter(operation);
    let (mut done, mut failed, mut worst) = (0usize, 0usize, 0u8);
    run_pool(
        batch.workers(),
        files,
        |input| {
            let result = work(&input);
            (input, result)
        },
        |(input, result)| {
            progress.inc(1);
            match result {
                Ok(_) => done += 1,
                Err(e) => {
                    failed += 1;
                    worst = worse(worst, e.exit_code());
                    crate::output::note(&format!("ades: {}: {e}", input.display()));
                }
            }
        },
    );
    progress.finish_and_clear();
    crate::output::note(&format!(
        "{operation}: {} files in {:.1} s: {done} done, {failed} failed",
        done + failed,
        started.elapsed().as_secs_f64()
    ));
    Ok(worst)
}

/// Exit codes ranked: an error outranks a failure, which outranks an indeterminate result.
pub(crate) fn worse(a: u8, b: u8) -> u8 {
    let rank = |code: u8| match code {
        0 => 0,
        2 => 1,
        1 => 2,
        _ => 3,
    };
    if rank(b) > rank(a) { b } else { a }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_specs_parse() {
        assert_eq!(
            parse_shard("1/4"),
            Ok(ShardSpec {
                index: Some(1),
                count: 4
            })
        );
        assert_eq!(
            parse_shard("/3"),
            Ok(ShardSpec {
                index: None,
                count: 3
            })
        );
        assert!(parse_shard("4/4").is_err());
        assert!(parse_shard("0/0").is_err());
        assert!(parse_shard("x").is_err());
    }

    #[test]
    fn the_pool_hands_back_every_result() {
        let mut seen = Vec::new();
        run_pool(3, 0..100u32, |i| i * 2, |r| seen.push(r));
        seen.sort_unstable();
        assert_eq!(seen, (0..100).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn errors_are_the_worst_exit_code() {
        assert_eq!(worse(0, 2), 2);
        assert_eq!(worse(2, 1), 1);
        assert_eq!(worse(1, 4), 4);
        assert_eq!(worse(4, 0), 4);
    }

    #[test]
    fn shards_split_a_folder_without_overlap() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..10 {
            std::fs::write(dir.path().join(format!("f{i}.csig")), b"x").unwrap();
        }
        std::fs::write(dir.path().join("skip.txt"), b"x").unwrap();
        let take = |shard: &str| {
            let args = BatchArgs {
                manifest: None,
                shard: Some(parse_shard(shard).unwrap()),
                jobs: None,
            };
            args.files(&[dir.path().to_owned()], |p| {
                p.extension().is_some_and(|e| e == "csig")
            })
            .unwrap()
            .collect::<Vec<_>>()
        };
        let (a, b) = (take("0/2"), take("1/2"));
        assert_eq!(a.len() + b.len(), 10);
        assert!(a.iter().all(|p| !b.contains(p)));
    }

    #[test]
    fn a_manifest_may_not_leave_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("list.txt");
        std::fs::write(&manifest, "a.csig\n../etc/passwd\n").unwrap();
        assert!(matches!(
            manifest_entries(&manifest),
            Err(CliError::Usage(m)) if m.contains("outside")
        ));
        std::fs::write(&manifest, "# ok\na.csig\nsub/b.csig\n").unwrap();
        assert_eq!(manifest_entries(&manifest).unwrap().len(), 2);
    }
}
